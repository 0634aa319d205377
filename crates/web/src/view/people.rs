//! People as pages name them: the display name of an account rather than its login name, and
//! the scheduler's own acts as 系统自动.

use crate::AppState;
use crate::error::AppError;
use crate::i18n::Lang;
use std::collections::HashMap;

/// The login name the scheduler and background jobs act under (`minsheng_store::Actor`).
const SYSTEM: &str = "system";

/// Display names for a page's actors, looked up once.
#[derive(Debug, Clone, Default)]
pub struct People {
    names: HashMap<String, String>,
    lang: Lang,
}

impl People {
    /// The display names of `usernames`.
    pub async fn of<'a>(
        s: &AppState,
        usernames: impl IntoIterator<Item = &'a str>,
        lang: Lang,
    ) -> Result<People, AppError> {
        let wanted: Vec<&str> = usernames.into_iter().filter(|u| *u != SYSTEM).collect();
        Ok(People {
            names: s.store.display_names(&wanted).await?,
            lang,
        })
    }

    /// How `username` is shown: the account's display name, 系统自动 for the scheduler, the
    /// login name itself for a name that is no account (a deleted one, an API token's).
    pub fn name(&self, username: &str) -> String {
        match username {
            SYSTEM => self.lang.pick("系统自动", "automatic").to_string(),
            "" => "—".into(),
            u => self.names.get(u).cloned().unwrap_or_else(|| u.to_string()),
        }
    }
}
