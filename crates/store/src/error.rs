//! The storage boundary's one error type.

/// What went wrong talking to the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL could not be understood.
    #[error(
        "数据库地址无法识别：{0}；格式应为 postgres://用户:密码@主机:端口/库名 (bad database URL)"
    )]
    BadUrl(String),
    /// The data directory cannot be created or written.
    #[error(
        "数据目录 {path} 不可写：{reason}；请换一个目录或修改权限 (data directory not writable)"
    )]
    DataDir {
        /// The directory.
        path: String,
        /// What the OS said.
        reason: String,
    },
    /// The server could not be reached or refused the connection.
    #[error(
        "无法连接数据库：{0}；请确认数据库已启动、地址和密码正确 (cannot connect to the database)"
    )]
    Connect(String),
    /// A migration failed.
    #[error("数据库迁移失败：{0} (migration failed)")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A row the caller asked for does not exist.
    #[error("未找到{0} (not found)")]
    NotFound(&'static str),
    /// A change the domain rules forbid, as a typed reason the caller words for its reader.
    #[error("{0}")]
    Refused(#[from] minsheng_domain::Refusal),
    /// The row changed since the caller read it (optimistic concurrency); nothing was written.
    #[error("{0}")]
    Stale(String),
    /// Too many requests from one client in a short time; try later.
    #[error("{0}")]
    TooMany(String),
    /// The audit log's head row is gone: no change can be recorded, so none is made.
    #[error(
        "审计日志的头记录缺失，修改无法记录，因此未保存；请管理员运行 minsheng audit verify 核对日志，并从备份恢复 (the audit log's head row is missing: nothing was saved)"
    )]
    AuditHeadMissing,
    /// Our side failed: stored data that cannot be read back, or work that did not finish.
    /// Not the user's to fix; logged as an internal error.
    #[error("{0}")]
    Internal(String),
    /// Any other database error.
    #[error("数据库错误：{0} (database error)")]
    Db(#[from] sqlx::Error),
    /// A database error on the SQLite writer's own connection (`direct`).
    #[error("数据库错误：{0} (database error)")]
    Direct(#[from] rusqlite::Error),
}

impl From<minsheng_domain::refusal::SetupRefusal> for StoreError {
    fn from(r: minsheng_domain::refusal::SetupRefusal) -> Self {
        StoreError::Refused(r.into())
    }
}
