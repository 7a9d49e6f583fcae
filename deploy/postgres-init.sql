-- Runs once, when the PostgreSQL volume is first initialised (deploy/compose.yaml): the
-- database of the Prefect server, owned by the same role as Gongkai's, with the pg_trgm
-- extension Prefect needs (created here, by the superuser).
CREATE DATABASE prefect OWNER gongkai;
\connect prefect
CREATE EXTENSION IF NOT EXISTS pg_trgm;
