-- An account may be confined to a region: its own lists and every region's below it
-- (a city office reads its counties, not another city's). NULL: the whole installation.
ALTER TABLE users ADD COLUMN region_id INTEGER REFERENCES regions(id);
