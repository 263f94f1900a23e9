-- H2 otherwise writes a commit to the file up to 500 ms after acknowledging it, so a process
-- killed in that window loses acknowledged events. The setting is persistent in the database file,
-- so it holds whatever JDBC URL opens it.
SET WRITE_DELAY 0;
