-- The parts of a name an address book keeps (vCard N; Google's and Outlook's first, middle
-- and last name columns; LinkedIn's first and last name). The display name stays in
-- `name`; these are kept so that an export writes back what the file said.
ALTER TABLE people ADD COLUMN name_family TEXT;
ALTER TABLE people ADD COLUMN name_given TEXT;
ALTER TABLE people ADD COLUMN name_middle TEXT;
ALTER TABLE people ADD COLUMN name_prefix TEXT;
ALTER TABLE people ADD COLUMN name_suffix TEXT;
