-- Sign-in budgets, taken atomically before any password is checked: one row per client
-- address ('ip:…', attempts in the current minute) and one per user name as typed ('user:…',
-- failures in a row and the lock they ended in), known names and unknown alike.
CREATE TABLE login_budget (
    key TEXT PRIMARY KEY,
    window_start TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL,
    failures INTEGER NOT NULL,
    locked_until TIMESTAMP
);
