import type { Migration } from './index.ts';

// Skills and their versions. A version's files live outside SQLite, in its own folder under the data
// directory (services/skill-shelf.ts); the rows hold the official shapes. A version's files list is kept
// beside it so a version can be checked and downloaded without reading the folder.
export const m005Skills: Migration = {
  name: 'skills',
  up: `
    CREATE TABLE skills (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      body TEXT NOT NULL CHECK (json_valid(body))
    );
    CREATE TABLE skill_versions (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      skill_id TEXT NOT NULL REFERENCES skills(id),
      version TEXT NOT NULL,
      body TEXT NOT NULL CHECK (json_valid(body)),
      files TEXT NOT NULL CHECK (json_valid(files)),
      UNIQUE (skill_id, version)
    );
  `,
};
