// SPDX-License-Identifier: Apache-2.0
// The results db schema of version 2 (axsim before the phases table), as that version created
// it, so upgrade tests can build an old file without an old axsim.
// Frozen on purpose: this text must NOT follow changes to results/schema.* (it is the old
// schema that the upgrade path has to keep reading); do not "fix" it to match the current one.
#pragma once

namespace axsim::test {

inline constexpr const char* kSchemaV2Sql = R"sql(
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT
);
CREATE TABLE IF NOT EXISTS runs (
  id            INTEGER PRIMARY KEY,
  started_at    TEXT NOT NULL,
  finished_at   TEXT,
  unit          TEXT NOT NULL,
  config_name   TEXT NOT NULL,
  config_path   TEXT NOT NULL,
  config_json   TEXT NOT NULL,
  config_hash   TEXT NOT NULL,
  workload      TEXT NOT NULL,
  seed          INTEGER NOT NULL,
  axsim_version TEXT NOT NULL,
  tech_node     TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('running', 'complete', 'failed')),
  error         TEXT,
  wall_seconds  REAL,
  events        INTEGER,
  sim_ticks_ps  INTEGER,
  run_key       TEXT,
  sweep_id      INTEGER REFERENCES sweeps(id),
  point_index   INTEGER
);
CREATE INDEX IF NOT EXISTS runs_by_config_hash ON runs(config_hash);
CREATE TABLE IF NOT EXISTS sweeps (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  spec_path     TEXT NOT NULL,
  spec_json     TEXT NOT NULL,
  spec_hash     TEXT NOT NULL,
  points        INTEGER NOT NULL,
  axsim_version TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sweep_params (
  sweep_id INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name     TEXT NOT NULL,
  key      TEXT NOT NULL,
  PRIMARY KEY (sweep_id, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS run_params (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  name   TEXT NOT NULL,
  value,
  PRIMARY KEY (run_id, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS components (
  run_id         INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  component      TEXT NOT NULL,
  type           TEXT NOT NULL,
  area_um2       REAL NOT NULL,
  leakage_mw     REAL NOT NULL,
  area_source    TEXT NOT NULL,
  leakage_source TEXT NOT NULL,
  PRIMARY KEY (run_id, component)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS layers (
  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  layer_index INTEGER NOT NULL,
  layer       TEXT NOT NULL,
  kind        TEXT NOT NULL,
  cycles      INTEGER NOT NULL,
  time_s      REAL NOT NULL,
  macs        INTEGER NOT NULL,
  utilization REAL NOT NULL,
  PRIMARY KEY (run_id, layer_index)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stats (
  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  layer_index INTEGER NOT NULL,
  component   TEXT NOT NULL,
  name        TEXT NOT NULL,
  value       REAL NOT NULL,
  unit        TEXT NOT NULL,
  description TEXT NOT NULL,
  PRIMARY KEY (run_id, layer_index, component, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS compressions (
  id            INTEGER PRIMARY KEY,
  created_at    TEXT NOT NULL,
  model         TEXT NOT NULL,
  source        TEXT NOT NULL,
  source_hash   TEXT NOT NULL,
  recipe_name   TEXT NOT NULL,
  recipe_path   TEXT NOT NULL,
  recipe_json   TEXT NOT NULL,
  trace_path    TEXT NOT NULL,
  axsim_version TEXT NOT NULL,
  seed          INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS compression_layers (
  compression_id           INTEGER NOT NULL REFERENCES compressions(id) ON DELETE CASCADE,
  layer_index              INTEGER NOT NULL,
  layer                    TEXT NOT NULL,
  kind                     TEXT NOT NULL,
  encoding                 TEXT NOT NULL,
  weights                  INTEGER NOT NULL,
  nonzeros                 INTEGER NOT NULL,
  density                  REAL NOT NULL,
  stored_entries           INTEGER NOT NULL,
  padding_entries          INTEGER NOT NULL,
  weight_bits              REAL NOT NULL,
  weight_bits_huffman      REAL NOT NULL,
  index_bits               REAL NOT NULL,
  index_bits_huffman       REAL NOT NULL,
  overhead_bits            INTEGER NOT NULL,
  compressed_bytes         INTEGER NOT NULL,
  compressed_bytes_huffman INTEGER NOT NULL,
  rate                     REAL NOT NULL,
  rate_huffman             REAL NOT NULL,
  PRIMARY KEY (compression_id, layer_index)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS compression_fidelity (
  compression_id INTEGER NOT NULL REFERENCES compressions(id) ON DELETE CASCADE,
  layer_index    INTEGER NOT NULL,
  layer          TEXT NOT NULL,
  metric         TEXT NOT NULL,
  value          REAL NOT NULL,
  PRIMARY KEY (compression_id, layer_index, metric)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS histograms (
  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  layer_index INTEGER NOT NULL,
  component   TEXT NOT NULL,
  name        TEXT NOT NULL,
  bucket      INTEGER NOT NULL,
  bucket_low  REAL NOT NULL,
  count       INTEGER NOT NULL,
  PRIMARY KEY (run_id, layer_index, component, name, bucket)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS actions (
  run_id               INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  layer_index          INTEGER NOT NULL,
  component            TEXT NOT NULL,
  action               TEXT NOT NULL,
  count                INTEGER NOT NULL,
  energy_per_action_pj REAL NOT NULL,
  energy_pj            REAL NOT NULL,
  source               TEXT NOT NULL,
  PRIMARY KEY (run_id, layer_index, component, action)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS energy (
  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  layer_index INTEGER NOT NULL,
  component   TEXT NOT NULL,
  dynamic_pj  REAL NOT NULL,
  leakage_pj  REAL NOT NULL,
  PRIMARY KEY (run_id, layer_index, component)
) WITHOUT ROWID;
CREATE VIEW IF NOT EXISTS run_totals AS
SELECT r.id AS run_id, r.unit, r.config_name, r.workload, r.status,
  (SELECT COALESCE(SUM(l.cycles), 0) FROM layers l WHERE l.run_id = r.id) AS cycles,
  (SELECT COALESCE(SUM(l.time_s), 0.0) FROM layers l WHERE l.run_id = r.id) AS time_s,
  (SELECT COALESCE(SUM(e.dynamic_pj + e.leakage_pj), 0.0) FROM energy e
     WHERE e.run_id = r.id) AS energy_pj,
  (SELECT COALESCE(SUM(c.area_um2), 0.0) / 1e6 FROM components c
     WHERE c.run_id = r.id) AS area_mm2,
  (SELECT COALESCE(SUM(l.macs), 0) FROM layers l WHERE l.run_id = r.id) AS macs
FROM runs r;
CREATE VIEW IF NOT EXISTS layer_totals AS
SELECT l.run_id, l.layer_index, l.layer, l.cycles, l.time_s,
  (SELECT COALESCE(SUM(e.dynamic_pj + e.leakage_pj), 0.0) FROM energy e
     WHERE e.run_id = l.run_id AND e.layer_index = l.layer_index) AS energy_pj,
  l.macs, l.utilization
FROM layers l;
CREATE INDEX IF NOT EXISTS runs_by_run_key ON runs(run_key);
CREATE INDEX IF NOT EXISTS runs_by_sweep ON runs(sweep_id, point_index);
INSERT INTO meta(key, value) VALUES ('schema_version', '2');
)sql";

/// One complete run (id 1) as version 2 stored it, with the values of results_db_test's
/// sample_info(), sample_components() and sample_layer(0..1), and a sweep "s" over it whose view
/// reads run_totals the way version 2's sweep views did.
inline constexpr const char* kSampleV2RunSql = R"sql(
INSERT INTO sweeps VALUES (1, 's', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z',
  's.json', '{}', 'h', 1, 'v');
INSERT INTO sweep_params VALUES (1, 0, 'pes', 'unit.params.num_pes');
INSERT INTO runs(id, started_at, finished_at, unit, config_name, config_path, config_json,
  config_hash, workload, seed, axsim_version, tech_node, status, wall_seconds, events,
  sim_ticks_ps, run_key, sweep_id, point_index)
  VALUES (1, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:01.000Z', 'dense', 'tiny',
  'configs/tiny.json', '{"name":"tiny"}', 'hash', 'mlp', 42, '0.1.0+test', '45nm', 'complete',
  0.75, 12345, 3000000, 'k', 1, 0);
INSERT INTO run_params VALUES (1, 'pes', 64);
INSERT INTO components VALUES (1, 'pe_array', 'pe_array', 1.5e6, 2.0, 'paper', 'paper');
INSERT INTO components VALUES (1, 'gbuf', 'sram', 0.5e6, 1.0, 'scaled', 'scaled');
INSERT INTO layers VALUES (1, 0, 'fc0', 'gemm', 1000, 1e-6, 4096, 0.5);
INSERT INTO layers VALUES (1, 1, 'fc1', 'gemm', 2000, 2e-6, 4096, 0.5);
INSERT INTO stats VALUES (1, 0, 'gbuf', 'reads', 128.0, 'accesses', 'SRAM reads');
INSERT INTO stats VALUES (1, 1, 'gbuf', 'reads', 128.0, 'accesses', 'SRAM reads');
INSERT INTO actions VALUES (1, 0, 'pe_array', 'mac', 4096, 0.25, 1024.0, 'horowitz');
INSERT INTO actions VALUES (1, 0, 'gbuf', 'read', 128, 10.0, 1280.0, 'scaled');
INSERT INTO actions VALUES (1, 1, 'pe_array', 'mac', 4096, 0.25, 1024.0, 'horowitz');
INSERT INTO actions VALUES (1, 1, 'gbuf', 'read', 128, 10.0, 1280.0, 'scaled');
INSERT INTO energy VALUES (1, 0, 'pe_array', 1024.0, 2.0);
INSERT INTO energy VALUES (1, 0, 'gbuf', 1280.0, 1.0);
INSERT INTO energy VALUES (1, 1, 'pe_array', 1024.0, 4.0);
INSERT INTO energy VALUES (1, 1, 'gbuf', 1280.0, 2.0);
CREATE VIEW "sweep_s" AS SELECT r.id AS run_id, r.point_index, r.status,
  (SELECT value FROM run_params p WHERE p.run_id = r.id AND p.name = 'pes') AS "pes",
  t.cycles, t.time_s, t.energy_pj, t.area_mm2, t.macs, t.energy_pj * t.time_s AS edp_pj_s,
  r.error FROM runs r JOIN run_totals t ON t.run_id = r.id
  WHERE r.sweep_id = (SELECT id FROM sweeps WHERE name = 's');
)sql";

}  // namespace axsim::test
