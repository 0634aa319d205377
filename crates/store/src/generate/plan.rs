//! One region's list for one year: categories, items after the patterns of real lists with
//! their targets and assignments, and for reported years the weekly reports, locks, delay
//! explanations, orders, feedback and the year-end satisfaction ratings.

use super::Mix;
use super::bulk::V;
use super::vocab::{CATEGORIES, PROGRESS};
use super::world::{GenOptions, Ids, Tables, at, between, bump};
use crate::{Store, StoreError};
use chrono::{Datelike, Duration, NaiveDate};
use minsheng_domain::ledger::ReportingRule;

impl Store {
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn gen_plan(
        &self,
        o: &GenOptions,
        t: &mut Tables,
        ids: &mut Ids,
        mix: &mut Mix,
        (rid, region): (i64, &str),
        year: i32,
        units: &[i64],
        leaders: &[i64],
    ) -> Result<(), StoreError> {
        let s = self;
        let plan = bump(&mut ids.plan);
        let jan = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d).expect("date");
        let current = year == o.today.year();
        let title = format!("{region}{year}年民生实事项目");
        let doc = format!(
            "{}办发〔{year}〕{}号",
            region.chars().next().unwrap_or('某'),
            3 + mix.next() % 20
        );
        let issuer = format!("{region}人民政府办公室");
        t.plans
            .row(
                s,
                &[
                    V::I(plan),
                    V::I(rid),
                    V::I(i64::from(year)),
                    V::T(&title),
                    V::T(&doc),
                    V::T(&issuer),
                    V::D(jan(2, 15)),
                    V::D(jan(12, 31)),
                    V::T(if current { "published" } else { "closed" }),
                    V::T("generated"),
                ],
            )
            .await?;
        let cats: Vec<i64> = CATEGORIES.iter().map(|_| bump(&mut ids.category)).collect();
        for (k, (c, (name, _))) in cats.iter().zip(CATEGORIES).enumerate() {
            t.categories
                .row(s, &[V::I(*c), V::I(plan), V::I(k as i64 + 1), V::T(name)])
                .await?;
        }
        let upto = if current { o.today } else { jan(12, 31) };
        let reported = year > o.today.year() - o.report_years;
        let periods = ReportingRule::default().periods(jan(1, 1), upto);
        let n = (o.items as i64 - 3 + (mix.next() % 7) as i64).max(1) as usize;
        // Items in category order, as lists are printed.
        let mut picks: Vec<(usize, usize)> = (0..n)
            .map(|_| {
                let c = (mix.next() % CATEGORIES.len() as u64) as usize;
                (c, (mix.next() % CATEGORIES[c].1.len() as u64) as usize)
            })
            .collect();
        picks.sort();
        let mut order_no = 0;
        for (pos, (c, p)) in picks.into_iter().enumerate() {
            let pat = &CATEGORIES[c].1[p];
            let item = bump(&mut ids.item);
            let deadline = [
                jan(12, 31),
                jan(12, 31),
                jan(11, 30),
                jan(9, 30),
                jan(6, 30),
            ][(mix.next() % 5) as usize];
            let mut targets: Vec<(i64, f64)> = Vec::new();
            let mut text = Vec::new();
            let extra = [
                ("受益群众", "人", 1000u32, 50000u32),
                ("完成投资", "万元", 100, 20000),
            ];
            let want = 2 + (mix.next() % 4) as usize;
            for (k, (metric, unit, lo, hi)) in pat
                .targets
                .iter()
                .chain(extra.iter())
                .take(want.max(pat.targets.len().min(5)))
                .enumerate()
            {
                let id = bump(&mut ids.target);
                let value = between(mix, *lo, *hi);
                t.targets
                    .row(
                        s,
                        &[
                            V::I(id),
                            V::I(item),
                            V::I(k as i64 + 1),
                            V::T(metric),
                            V::T(unit),
                            V::F(value),
                            V::T("ge"),
                            V::B(false),
                        ],
                    )
                    .await?;
                targets.push((id, value));
                text.push(format!("{metric}{value}{unit}"));
            }
            let content = format!("{}，{}。", pat.name, text.join("、"));
            t.items
                .row(
                    s,
                    &[
                        V::I(item),
                        V::I(plan),
                        V::I(cats[c]),
                        V::T(&(pos + 1).to_string()),
                        V::I(pos as i64 + 1),
                        V::T(pat.name),
                        V::T(&content),
                        V::D(deadline),
                        V::B(false),
                        V::T("{}"),
                    ],
                )
                .await?;
            let lead = units[pat.lead];
            t.item_units
                .row(s, &[V::I(item), V::I(lead), V::T("lead"), V::I(1)])
                .await?;
            let co = units[(mix.next() % units.len() as u64) as usize];
            if co != lead {
                t.item_units
                    .row(s, &[V::I(item), V::I(co), V::T("co"), V::I(1)])
                    .await?;
            }
            let leader = leaders[(mix.next() % leaders.len() as u64) as usize];
            t.item_leaders
                .row(s, &[V::I(item), V::I(leader), V::I(1)])
                .await?;
            t.spill(s).await?;
            if !reported {
                continue;
            }
            // Weekly reports from the lead unit: cumulative values at the item's own pace;
            // one item in twenty never reports, one report in seven comes a day late.
            let pace = 0.3 + mix.unit() * 1.1;
            let silent = mix.unit() < 0.05;
            let total = periods.len().max(1) as f64;
            let horizon = (deadline - jan(1, 1)).num_days().max(1) as f64;
            for (k, per) in periods.iter().enumerate() {
                if silent || per.due > upto {
                    break;
                }
                let elapsed = ((per.start - jan(1, 1)).num_days() as f64 / horizon).min(1.0);
                let f = ((k + 1) as f64 / total * pace)
                    .max(elapsed * pace * 0.9)
                    .min(1.0);
                let day = if mix.next().is_multiple_of(7) {
                    per.due + Duration::days(1)
                } else {
                    per.due
                };
                let r = bump(&mut ids.report);
                let when = at(day, 9);
                let progress = PROGRESS[(mix.next() % PROGRESS.len() as u64) as usize];
                t.reports
                    .row(
                        s,
                        &[
                            V::I(r),
                            V::I(item),
                            V::I(lead),
                            V::D(per.start),
                            V::I(1),
                            V::T("submitted"),
                            V::I(1),
                            V::F((f * 100.0).round()),
                            V::T(progress),
                            V::At(when),
                            V::At(when),
                            V::At(when),
                            V::D(day),
                        ],
                    )
                    .await?;
                for (tid, v) in &targets {
                    t.values
                        .row(
                            s,
                            &[V::I(r), V::I(*tid), V::F((v * f * 100.0).round() / 100.0)],
                        )
                        .await?;
                }
            }
            let created = at(upto - Duration::days(10), 10);
            if pace < 0.45 && !silent {
                let d = bump(&mut ids.delay);
                t.delays
                    .row(
                        s,
                        &[
                            V::I(d),
                            V::I(item),
                            V::I(lead),
                            V::T("施工"),
                            V::T("受征地拆迁影响，工期顺延"),
                            V::D(deadline + Duration::days(60)),
                            V::T("pending"),
                            V::At(created),
                        ],
                    )
                    .await?;
                order_no += 1;
                let o_id = bump(&mut ids.order);
                t.orders
                    .row(
                        s,
                        &[
                            V::I(o_id),
                            V::I(plan),
                            V::I(item),
                            V::I(lead),
                            V::I(i64::from(year)),
                            V::I(order_no),
                            V::T("red_light"),
                            V::T("请于 7 日内报告滞后原因和整改措施"),
                            V::D(upto + Duration::days(7)),
                            V::T("issued"),
                            V::T("generated"),
                            V::At(created),
                            V::At(created),
                        ],
                    )
                    .await?;
            }
            for k in 0..2 {
                let f = bump(&mut ids.feedback);
                let client = format!("{:016x}", mix.next());
                let reply = (k == 0).then_some("已纳入施工计划，将按期完成。");
                t.feedback
                    .row(
                        s,
                        &[
                            V::I(f),
                            V::I(item),
                            V::T(if k == 0 { "question" } else { "comment" }),
                            V::T(if k == 0 {
                                "这个项目什么时候能完工？"
                            } else {
                                "希望施工期间做好围挡，减少噪音。"
                            }),
                            V::T(&client),
                            V::T("approved"),
                            reply.map(V::T).unwrap_or(V::Null),
                            if reply.is_some() { V::I(lead) } else { V::Null },
                            if reply.is_some() {
                                V::At(created)
                            } else {
                                V::Null
                            },
                            V::T("generated"),
                            V::At(created),
                            V::At(created),
                        ],
                    )
                    .await?;
            }
        }
        t.spill(s).await?;
        if reported {
            // Periods are locked once a week has passed since they were due.
            for per in periods.iter().filter(|p| p.due + Duration::days(7) <= upto) {
                t.locks
                    .row(
                        s,
                        &[
                            V::I(plan),
                            V::D(per.start),
                            V::At(at(per.due + Duration::days(7), 8)),
                        ],
                    )
                    .await?;
            }
            if !current {
                let c = bump(&mut ids.campaign);
                t.campaigns
                    .row(
                        s,
                        &[
                            V::I(c),
                            V::I(plan),
                            V::T(&format!("{year}年度民生实事满意度测评")),
                            V::At(at(jan(12, 1), 0)),
                            V::At(at(jan(12, 20), 0)),
                            V::T("generated"),
                            V::At(at(jan(11, 25), 9)),
                        ],
                    )
                    .await?;
                let first_item = ids.item - n as i64 + 1;
                for item in first_item..=ids.item {
                    for _ in 0..10 {
                        let r = bump(&mut ids.rating);
                        let roll = mix.next() % 10;
                        let choice = if roll < 7 {
                            "satisfied"
                        } else if roll < 9 {
                            "basic"
                        } else {
                            "unsatisfied"
                        };
                        let voter = format!("{:016x}", mix.next());
                        t.ratings
                            .row(
                                s,
                                &[
                                    V::I(r),
                                    V::I(c),
                                    V::I(item),
                                    V::T("citizen"),
                                    V::T(&voter),
                                    V::T(choice),
                                    V::At(at(jan(12, 5), 12)),
                                ],
                            )
                            .await?;
                    }
                }
            }
        }
        t.spill(s).await
    }
}
