-- An allocation's item below is first a copy made by the allocation; when the region's own
-- imported list names the same commitment (its 市级民生实事), that item is linked in its place
-- and this is when (docs/LEVELS.md, "Import links levels"). NULL: still the copy.
ALTER TABLE allocations ADD COLUMN linked_at TIMESTAMPTZ;
