export { InvalidDocumentError, InvalidUlidError } from "./errors.js";
export {
  compactionGroupKey,
  compactorLabels,
  DEDUPED_VALUE,
  DEFAULT_REPLICA_LABELS,
  labelsKey,
  leavesNoLabels,
  withoutReplicaLabels,
} from "./groups.js";
export {
  type BlockKey,
  blockKeyOf,
  CHUNKS_DIR,
  DELETION_MARK_FILE,
  INDEX_FILE,
  isMarkerFile,
  MARKER_FILES,
  type MarkerFile,
  META_FILE,
  NO_COMPACT_MARK_FILE,
  NO_DOWNSAMPLE_MARK_FILE,
} from "./layout.js";
export {
  type DeletionMark,
  deletionMarkSchema,
  NO_COMPACT_REASONS,
  type NoCompactMark,
  type NoCompactReason,
  type NoDownsampleMark,
  type NoDownsampleReason,
  noCompactMarkSchema,
  noDownsampleMarkSchema,
} from "./markers.js";
export {
  BLOCK_SOURCES,
  type BlockFile,
  type BlockMeta,
  type BlockSource,
  blockMetaSchema,
  DELAY_EXEMPT_SOURCES,
  RESOLUTIONS,
  type Resolution,
} from "./meta.js";
export { type Markers, type Parsed, parseBlockMeta, parseMarker } from "./parse.js";
export { isUlid, makeUlid, ulidTimeMs, ulidTimePrefix } from "./ulid.js";
