//! Regions (行政区划): the government levels that publish lists, in a hierarchy.

use crate::{RegionId, code_enum};
use serde::{Deserialize, Serialize};

code_enum!(
    /// Level of a region in the hierarchy province → city → district → sub-district.
    RegionLevel, "region level" {
        /// Province (省).
        Province = "province",
        /// City (市).
        City = "city",
        /// County, district or development zone (县/区/高新区).
        District = "district",
        /// Sub-district or township (街道/镇/乡).
        SubDistrict = "sub_district",
    }
);

impl RegionLevel {
    /// Chinese name.
    pub fn label_zh(self) -> &'static str {
        match self {
            RegionLevel::Province => "省级",
            RegionLevel::City => "市级",
            RegionLevel::District => "县（区）级",
            RegionLevel::SubDistrict => "乡镇（街道）级",
        }
    }

    /// English name.
    pub fn label_en(self) -> &'static str {
        match self {
            RegionLevel::Province => "province",
            RegionLevel::City => "city",
            RegionLevel::District => "county or district",
            RegionLevel::SubDistrict => "township or sub-district",
        }
    }

    /// Guesses the level from a region's name, e.g. 济宁高新区 → district.
    pub fn infer(name: &str) -> RegionLevel {
        let n = name.trim();
        if n.ends_with('省') || n.ends_with("自治区") {
            RegionLevel::Province
        } else if n.ends_with("街道") || n.ends_with('镇') || n.ends_with('乡') {
            RegionLevel::SubDistrict
        } else if n.ends_with('区') || n.ends_with('县') || n.ends_with("新区") {
            RegionLevel::District
        } else {
            RegionLevel::City
        }
    }

    /// The level directly below this one, if any.
    pub fn child(self) -> Option<RegionLevel> {
        match self {
            RegionLevel::Province => Some(RegionLevel::City),
            RegionLevel::City => Some(RegionLevel::District),
            RegionLevel::District => Some(RegionLevel::SubDistrict),
            RegionLevel::SubDistrict => None,
        }
    }
}

/// A region (行政区划) that publishes a list or receives a share of one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Region {
    /// Identifier.
    pub id: RegionId,
    /// Name as written in documents, e.g. 济宁高新区.
    pub name: String,
    /// Level in the hierarchy.
    pub level: RegionLevel,
    /// The region this one belongs to.
    pub parent_id: Option<RegionId>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infers_levels_from_names() {
        assert_eq!(RegionLevel::infer("山东省"), RegionLevel::Province);
        assert_eq!(RegionLevel::infer("济宁市"), RegionLevel::City);
        assert_eq!(RegionLevel::infer("济宁高新区"), RegionLevel::District);
        assert_eq!(RegionLevel::infer("济南市市中区"), RegionLevel::District);
        assert_eq!(RegionLevel::infer("洸河街道"), RegionLevel::SubDistrict);
        assert_eq!(RegionLevel::infer("中埠镇"), RegionLevel::SubDistrict);
        assert_eq!(
            RegionLevel::District.child(),
            Some(RegionLevel::SubDistrict)
        );
        assert_eq!(RegionLevel::SubDistrict.child(), None);
    }

    #[test]
    fn codes_round_trip() {
        for l in RegionLevel::ALL {
            assert_eq!(l.code().parse::<RegionLevel>().unwrap(), *l);
        }
        assert!("county".parse::<RegionLevel>().is_err());
    }
}
