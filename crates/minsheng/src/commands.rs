//! What each subcommand does; errors come back as one line for the user.

use crate::cli::{Cli, Command, Format};

/// Runs one command.
pub fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Parse { file, format } => parse(&file, format),
        _ => Err("not yet".into()),
    }
}

fn read_file(file: &std::path::Path) -> Result<Vec<u8>, String> {
    std::fs::read(file).map_err(|e| {
        format!(
            "无法读取文件 {}：{e}；请检查路径 (cannot read file)",
            file.display()
        )
    })
}

fn parse(file: &std::path::Path, format: Format) -> Result<(), String> {
    let bytes = read_file(file)?;
    let list = minsheng_importer::parse_bytes(&bytes, &file.to_string_lossy())
        .map_err(|e| e.to_string())?;
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&list).map_err(|e| e.to_string())?
        ),
        Format::Table => print!("{}", minsheng_importer::model::render_table(&list)),
    }
    Ok(())
}
