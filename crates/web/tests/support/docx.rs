//! Reading back the Word documents the application writes.

/// The text of a Word document, its runs in order.
pub fn docx_text(bytes: &[u8]) -> String {
    let doc = docx_rs::read_docx(bytes).expect("the DOCX opens");
    // The document as JSON holds every run's text; collect the "text" fields in order.
    let v: serde_json::Value = serde_json::from_str(&doc.json()).unwrap();
    let mut out = String::new();
    fn walk(v: &serde_json::Value, out: &mut String) {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(serde_json::Value::String(t)) = m.get("text") {
                    out.push_str(t);
                }
                m.values().for_each(|x| walk(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    walk(&v["document"], &mut out);
    out
}
