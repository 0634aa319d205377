-- A target's kind decides how progress on it is read (docs/LEDGER.md): a count delivered, a
-- level to reach from its baseline, a rate, a ceiling not to exceed, or done / not done.
-- Targets stored before kinds were kept get the kind their unit, comparator and baseline
-- suggest (TargetKind::infer); the plan editor corrects any that are wrong.
ALTER TABLE targets ADD COLUMN kind TEXT NOT NULL DEFAULT 'count';
UPDATE targets SET kind = CASE
    WHEN comparator = 'le' THEN 'ceiling'
    WHEN unit IN ('%', '‰', '个百分点') THEN 'rate'
    WHEN baseline IS NOT NULL OR unit LIKE '%/%' THEN 'level'
    ELSE 'count'
END;
