//! The importer's one error type: every variant says what was wrong and what to do.

/// Why a document could not be read at all. Doubts about single lines are warnings, not errors.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file is empty or only whitespace.
    #[error("文件为空，没有可读取的内容；请检查是否选错了文件 (the file is empty)")]
    Empty,
    /// The file is bigger than the configured limit.
    #[error(
        "文件过大（{size} 字节，上限 {limit} 字节）；请只上传清单本身 (file too large: {size} bytes, limit {limit})"
    )]
    TooLarge {
        /// Size of the input.
        size: usize,
        /// The limit in force.
        limit: usize,
    },
    /// A legacy binary Word/WPS file that no Rust reader handles.
    #[error(
        "不支持旧版 {0} 格式；请在 Word/WPS 中“另存为” .docx 后再导入 (legacy {0} is not supported: save it as .docx)"
    )]
    LegacyFormat(&'static str),
    /// Binary data that is not a known document format.
    #[error(
        "无法识别的文件内容（不是文本、DOCX、XLSX 或 CSV）；请确认文件类型 (unrecognised binary content: not text, DOCX, XLSX or CSV)"
    )]
    Binary,
    /// A zip container (DOCX/XLSX) that is truncated, encrypted or otherwise unreadable.
    #[error(
        "{kind} 文件已损坏或被加密（{detail}）；请用 Office/WPS 打开后重新保存 (damaged or encrypted {kind}: {detail})"
    )]
    BadContainer {
        /// DOCX or XLSX.
        kind: &'static str,
        /// What the zip or XML reader reported.
        detail: String,
    },
    /// Inflating the container would exceed the configured limit (a zip bomb or a huge file).
    #[error(
        "{kind} 解压后超过 {limit} 字节上限，已停止读取；请检查文件是否异常 ({kind} inflates past the {limit}-byte limit)"
    )]
    InflateLimit {
        /// DOCX or XLSX.
        kind: &'static str,
        /// The limit in force.
        limit: u64,
    },
    /// The document was read but holds no list: no table with a recognisable header, no numbered items.
    #[error(
        "没有找到民生实事清单：既无可识别表头（如 序号/项目名称/责任单位）的表格，也无编号条目；请检查文件内容 (no list found: no table with a recognisable header and no numbered items)"
    )]
    NoList,
}
