-- How many of the plan's steps a report's running total may run ahead of the planned curve
-- before the filer is asked to confirm it (跳增核对倍数); NULL keeps the default.
ALTER TABLE plan_settings ADD COLUMN jump_factor DOUBLE PRECISION;
