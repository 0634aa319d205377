-- The light each item last showed, so a change of light is told once (event light.changed).
CREATE TABLE item_lights (
    item_id INTEGER PRIMARY KEY,
    light TEXT NOT NULL,
    since DATE NOT NULL
);
