/** Migration 4: derived analysis results (clusters, provenance, profiles, network), replaced whole by each analyse run. */
export const migration004 = {
  version: 4,
  name: 'analysis',
  sql: `
CREATE TABLE cluster (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES pipeline_run(id),
  status TEXT NOT NULL,
  members INTEGER NOT NULL,
  occurrences INTEGER NOT NULL,
  first_seen INTEGER,
  first_chat_id TEXT,
  first_message_id INTEGER,
  first_sha256 TEXT,
  originator_id TEXT,
  chats_reached INTEGER NOT NULL,
  reposters INTEGER NOT NULL,
  novelty_score REAL,
  novelty_rank INTEGER,
  details TEXT NOT NULL
);
CREATE INDEX cluster_status ON cluster(status, novelty_rank);
CREATE INDEX cluster_originator ON cluster(originator_id);

CREATE TABLE cluster_member (
  sha256 TEXT PRIMARY KEY,
  cluster_id TEXT NOT NULL REFERENCES cluster(id),
  status TEXT NOT NULL,
  distance_to_seed INTEGER,
  run_id TEXT NOT NULL REFERENCES pipeline_run(id)
);
CREATE INDEX cluster_member_cluster ON cluster_member(cluster_id);

CREATE TABLE actor_profile (
  actor_id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES pipeline_run(id),
  messages INTEGER NOT NULL,
  new_clusters_originated INTEGER NOT NULL,
  community INTEGER,
  pagerank REAL,
  betweenness REAL,
  profile TEXT NOT NULL
);

CREATE TABLE network_edge (
  source TEXT NOT NULL,
  target TEXT NOT NULL,
  kind TEXT NOT NULL,
  weight REAL NOT NULL,
  details TEXT NOT NULL,
  run_id TEXT NOT NULL REFERENCES pipeline_run(id),
  PRIMARY KEY (source, target, kind)
);
`,
};
