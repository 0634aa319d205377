//! Responsible organisations (责任单位) and officials (领导), and their assignment to items.

use crate::{ItemId, LeaderId, RegionId, TargetId, UnitId, code_enum};
use serde::{Deserialize, Serialize};

code_enum!(
    /// What kind of organisation a unit is; decides how it is addressed and reported on.
    UnitKind, "unit kind" {
        /// Government department or office (局/办/中心/部).
        Department = "department",
        /// Sub-district office or township government (街道/镇).
        SubDistrict = "sub_district",
        /// State-owned or contracted company (公司/集团).
        Company = "company",
        /// Police, traffic or fire brigade (大队/分局 of a vertical system).
        Brigade = "brigade",
        /// Placeholder for every sub-district of the region (各街道).
        AllSubDistricts = "all_sub_districts",
        /// Anything else (committees, associations, task forces).
        Other = "other",
    }
);

impl UnitKind {
    /// Chinese name.
    pub fn label_zh(self) -> &'static str {
        match self {
            UnitKind::Department => "部门",
            UnitKind::SubDistrict => "街道（镇）",
            UnitKind::Company => "企业",
            UnitKind::Brigade => "垂直管理单位",
            UnitKind::AllSubDistricts => "各街道（镇）",
            UnitKind::Other => "其他",
        }
    }

    /// English name.
    pub fn label_en(self) -> &'static str {
        match self {
            UnitKind::Department => "department",
            UnitKind::SubDistrict => "sub-district or township",
            UnitKind::Company => "company",
            UnitKind::Brigade => "vertically managed unit",
            UnitKind::AllSubDistricts => "every sub-district",
            UnitKind::Other => "other",
        }
    }

    /// Classifies a unit by its name, e.g. 王因街道 → sub-district, 各街道 → all sub-districts.
    pub fn infer(name: &str) -> UnitKind {
        let n = strip_qualifier(name.trim());
        if n.starts_with('各') && (n.ends_with("街道") || n.ends_with("镇街") || n.ends_with('镇'))
        {
            UnitKind::AllSubDistricts
        } else if n.ends_with("街道")
            || n.ends_with("街道办事处")
            || n.ends_with('镇')
            || n.ends_with('乡')
        {
            UnitKind::SubDistrict
        } else if n.ends_with("公司") || n.ends_with("集团") {
            UnitKind::Company
        } else if n.ends_with("大队") || n.ends_with("支队") || n.ends_with("中队") {
            UnitKind::Brigade
        } else if ["局", "办", "室", "中心", "部", "委", "院", "所", "处", "站"]
            .iter()
            .any(|s| n.ends_with(s))
        {
            UnitKind::Department
        } else {
            UnitKind::Other
        }
    }
}

/// Drops a trailing parenthesised qualifier: 城乡建设和交通局（交通） → 城乡建设和交通局.
pub fn strip_qualifier(name: &str) -> &str {
    for (open, close) in [('（', '）'), ('(', ')')] {
        if name.ends_with(close)
            && let Some(i) = name.rfind(open)
        {
            return &name[..i];
        }
    }
    name
}

/// A responsible organisation of a region (单位).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    /// Identifier.
    pub id: UnitId,
    /// The region whose lists name this unit.
    pub region_id: RegionId,
    /// Canonical name, qualifiers kept: 城乡建设和交通局（交通）.
    pub name: String,
    /// Kind of organisation.
    pub kind: UnitKind,
    /// Other names the same unit goes by in documents (别名).
    pub aliases: Vec<String>,
}

/// An official who leads items (牵头领导/分管领导).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Leader {
    /// Identifier.
    pub id: LeaderId,
    /// The region the official serves.
    pub region_id: RegionId,
    /// Name without padding: 张  源 → 张源.
    pub name: String,
    /// Post, e.g. 副区长, if known.
    pub title: Option<String>,
}

code_enum!(
    /// A unit's role on an item.
    Role, "role" {
        /// Lead unit (牵头单位/主办单位/承办单位/责任单位): answers for the item.
        Lead = "lead",
        /// Co-operating unit (协办单位/配合单位): delivers its share.
        Co = "co",
    }
);

/// A unit assigned to an item, with its role and optionally its share of one target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    /// The item.
    pub item_id: ItemId,
    /// The unit.
    pub unit_id: UnitId,
    /// Lead or co-operating.
    pub role: Role,
    /// Order in which the document lists the unit.
    pub position: i32,
    /// The target the share applies to.
    pub target_id: Option<TargetId>,
    /// The unit's share of that target, in the target's unit.
    pub share: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_units_by_name() {
        assert_eq!(UnitKind::infer("各街道"), UnitKind::AllSubDistricts);
        assert_eq!(UnitKind::infer("王因街道"), UnitKind::SubDistrict);
        assert_eq!(
            UnitKind::infer("济宁高新控股集团有限公司"),
            UnitKind::Company
        );
        assert_eq!(UnitKind::infer("交警大队"), UnitKind::Brigade);
        assert_eq!(
            UnitKind::infer("城乡建设和交通局（交通）"),
            UnitKind::Department
        );
        assert_eq!(UnitKind::infer("公共服务局"), UnitKind::Department);
        assert_eq!(UnitKind::infer("蓼河新城建设指挥部"), UnitKind::Department);
        assert_eq!(UnitKind::infer("团区委"), UnitKind::Department);
    }

    #[test]
    fn strips_trailing_qualifiers_only() {
        assert_eq!(
            strip_qualifier("党工委组织部（人力资源部）"),
            "党工委组织部"
        );
        assert_eq!(strip_qualifier("交通局(交通)"), "交通局");
        assert_eq!(strip_qualifier("交通局"), "交通局");
    }
}
