//! Citizens' feedback (群众留言): what is accepted, what is kept back as spam, and why. Pure
//! rules; storage adds the rate limit per client and the moderation queue.

crate::code_enum!(
    /// A citizen's message kind.
    FeedbackKind, "feedback kind" {
        /// A question (咨询).
        Question = "question",
        /// A comment or suggestion (意见建议).
        Comment = "comment",
    }
);

crate::code_enum!(
    /// Where a message stands in moderation.
    FeedbackState, "feedback state" {
        /// Waiting for a moderator (待审核).
        Pending = "pending",
        /// Shown on the item's public page (已公开).
        Approved = "approved",
        /// Not shown (未通过).
        Rejected = "rejected",
        /// Held back by the filter; a moderator may still approve it (疑似垃圾).
        Spam = "spam",
    }
);

crate::code_enum!(
    /// A satisfaction rating (满意度测评).
    Choice, "rating" {
        /// 满意.
        Satisfied = "satisfied",
        /// 基本满意.
        Basic = "basic",
        /// 不满意.
        Unsatisfied = "unsatisfied",
    }
);

crate::code_enum!(
    /// Who rated.
    VoterKind, "voter kind" {
        /// A citizen, anonymous, one rating per client.
        Citizen = "citizen",
        /// A people's congress deputy, with their account, one vote each.
        Deputy = "deputy",
    }
);

impl Choice {
    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Choice::Satisfied => "满意",
            Choice::Basic => "基本满意",
            Choice::Unsatisfied => "不满意",
        }
    }
}

/// Counts of one item's ratings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    /// 满意.
    pub satisfied: u32,
    /// 基本满意.
    pub basic: u32,
    /// 不满意.
    pub unsatisfied: u32,
}

impl Tally {
    /// Adds one rating.
    pub fn add(&mut self, c: Choice) {
        match c {
            Choice::Satisfied => self.satisfied += 1,
            Choice::Basic => self.basic += 1,
            Choice::Unsatisfied => self.unsatisfied += 1,
        }
    }

    /// Ratings.
    pub fn total(&self) -> u32 {
        self.satisfied + self.basic + self.unsatisfied
    }

    /// 满意率 = (满意 + 基本满意) ÷ ratings; None without ratings.
    pub fn rate(&self) -> Option<f64> {
        (self.total() > 0).then(|| (self.satisfied + self.basic) as f64 / self.total() as f64)
    }
}

/// What the filter makes of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// Goes to the moderation queue.
    Accept,
    /// Kept, but held back as spam, with the reason.
    Spam(&'static str),
    /// Refused outright, with what to change.
    Invalid(crate::Refusal),
}

/// Words that mark abuse or advertising (a short, conservative list; moderators see the rest).
const BLOCKED: &[&str] = &[
    "代开发票",
    "贷款",
    "博彩",
    "赌博",
    "加微信",
    "加QQ",
    "刷单",
    "色情",
];

/// Screens a message body.
pub fn screen(body: &str) -> Screen {
    let text = body.trim();
    let n = text.chars().count();
    if !(2..=1000).contains(&n) {
        return Screen::Invalid(crate::Refusal::MessageLength);
    }
    let lower = text.to_lowercase();
    if lower.contains("http://") || lower.contains("https://") || lower.contains("www.") {
        return Screen::Spam("含网址 (contains a link)");
    }
    if BLOCKED.iter().any(|w| lower.contains(&w.to_lowercase())) {
        return Screen::Spam("含广告或不当用语 (advertising or abuse)");
    }
    let chars: Vec<char> = text.chars().collect();
    if chars.windows(10).any(|w| w.iter().all(|c| *c == w[0])) {
        return Screen::Spam("大量重复字符 (repeated characters)");
    }
    Screen::Accept
}

/// Checks an optional mobile number: 11 digits starting with 1.
pub fn valid_phone(p: &str) -> bool {
    let p = p.trim();
    p.len() == 11 && p.starts_with('1') && p.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter() {
        assert_eq!(screen("路灯什么时候修好？"), Screen::Accept);
        assert!(matches!(screen(" "), Screen::Invalid(_)));
        assert!(matches!(screen(&"好".repeat(1001)), Screen::Invalid(_)));
        assert!(matches!(
            screen("详情见 https://spam.example"),
            Screen::Spam(_)
        ));
        assert!(matches!(screen("低息贷款，加微信"), Screen::Spam(_)));
        assert!(matches!(screen("啊啊啊啊啊啊啊啊啊啊啊"), Screen::Spam(_)));
        assert!(
            valid_phone("13800000000") && !valid_phone("1380000") && !valid_phone("2380000000a")
        );
    }
}
