//! The format-neutral document every reader produces: paragraphs and tables of cells,
//! each with its location so warnings can point back into the source.

/// A document as a sequence of blocks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Doc {
    /// Paragraphs and tables in reading order.
    pub blocks: Vec<Block>,
}

/// One paragraph or one table.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph of running text.
    Para(Para),
    /// A table.
    Table(Table),
}

/// A paragraph and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    /// Its text (one line).
    pub text: String,
    /// Where it is.
    pub loc: String,
}

/// A table: rows of cells. Rows may be ragged; merged cells are marked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Rows in order.
    pub rows: Vec<Vec<Cell>>,
    /// Whether the source marks merges explicitly (DOCX vMerge, XLSX ranges). When it
    /// does, an empty unmerged cell is really empty; when not, empty may mean "as above".
    pub explicit_merges: bool,
}

/// How a cell relates to the one above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Merge {
    /// An ordinary cell.
    #[default]
    None,
    /// Continues a vertical merge: the value is the cell above.
    Continue,
}

/// One table cell: its lines of text, merge state and location.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    /// Lines (paragraphs) of the cell; blank lines kept as empty strings.
    pub lines: Vec<String>,
    /// Vertical merge state.
    pub merge: Merge,
    /// Where it is.
    pub loc: String,
}

impl Cell {
    /// A cell from lines, no merge.
    pub fn new(lines: Vec<String>, loc: String) -> Cell {
        Cell {
            lines,
            merge: Merge::None,
            loc,
        }
    }

    /// Whether the cell holds no visible text.
    pub fn is_blank(&self) -> bool {
        self.lines.iter().all(|l| l.trim().is_empty())
    }

    /// The cell's text with lines joined and whitespace removed between CJK characters.
    pub fn text(&self) -> String {
        crate::textnorm::join_lines(self.lines.iter().map(String::as_str))
    }
}
