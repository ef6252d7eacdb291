//! Collects problems found in data files, each tied to a file and a place in it, so that every
//! problem can be reported at once.

use super::ron_reader::{Diagnostic, Severity, Span, did_you_mean};

/// A file that was read, kept so that diagnostics can show the offending line.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path as shown to the user.
    pub path: String,
    pub text: String,
}

/// Index of a file in a `Diags`' file list.
pub type FileId = usize;

/// Problems found so far, with the files they point into.
#[derive(Clone, Debug, Default)]
pub struct Diags {
    pub files: Vec<SourceFile>,
    pub list: Vec<Diagnostic>,
}

impl Diags {
    pub fn add_file(&mut self, path: String, text: String) -> FileId {
        self.files.push(SourceFile { path, text });
        self.files.len() - 1
    }

    pub fn error(&mut self, file: FileId, span: Span, message: impl Into<String>, hint: Option<String>) {
        self.push(Severity::Error, file, span, message.into(), hint);
    }

    pub fn warning(&mut self, file: FileId, span: Span, message: impl Into<String>, hint: Option<String>) {
        self.push(Severity::Warning, file, span, message.into(), hint);
    }

    fn push(&mut self, severity: Severity, file: FileId, span: Span, message: String, hint: Option<String>) {
        let f = &self.files[file];
        self.list.push(Diagnostic::at(severity, &f.path, &f.text, span, message, hint));
    }

    /// A problem with a whole file (unreadable, missing).
    pub fn file_error(&mut self, path: &str, message: impl Into<String>, hint: Option<String>) {
        self.list.push(Diagnostic::whole_file(Severity::Error, path, message, hint));
    }

    /// A warning about a whole file (one that is not read, say).
    pub fn warning_whole(&mut self, path: &str, message: impl Into<String>) {
        self.list.push(Diagnostic::whole_file(Severity::Warning, path, message, None));
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.list.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn warning_count(&self) -> usize {
        self.list.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    /// The text of the file a diagnostic points into, for its snippet.
    pub fn source_of(&self, diagnostic: &Diagnostic) -> Option<&str> {
        self.files.iter().find(|f| f.path == diagnostic.path).map(|f| f.text.as_str())
    }

    /// Every diagnostic rendered as text, in file and line order.
    pub fn render_all(&self) -> String {
        let mut out = String::new();
        for d in self.sorted() {
            out.push_str(&d.render(self.source_of(d)));
            out.push('\n');
        }
        out
    }

    /// Diagnostics in file, line and column order (errors and warnings mixed as they appear).
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut list: Vec<&Diagnostic> = self.list.iter().collect();
        list.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
        list
    }
}

/// A "did you mean" hint, or a list of what would be accepted when the list is short.
pub fn hint_for<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str> + Clone) -> Option<String> {
    if let Some(best) = did_you_mean(word, candidates.clone()) {
        return Some(format!("did you mean '{best}'?"));
    }
    let all: Vec<&str> = candidates.into_iter().collect();
    if !all.is_empty() && all.len() <= 8 {
        return Some(format!("expected one of: {}", all.join(", ")));
    }
    None
}
