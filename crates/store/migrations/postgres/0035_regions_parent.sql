-- The regions below a region are found by their parent in every region cockpit request (the
-- tree walk in `region_plan_versions`) and in region-scoped lists; without this index SQLite
-- built a temporary one over every region on each request.
CREATE INDEX regions_parent ON regions(parent_id);
