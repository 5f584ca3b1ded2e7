/** The node_exporter release fleetwatch installs unless `nodeExporter.version` says otherwise. */
export const NODE_EXPORTER_VERSION = "1.9.1";

/** sha256 of `node_exporter-1.9.1.linux-amd64.tar.gz`, from the release's `sha256sums.txt`. */
export const NODE_EXPORTER_SHA256_AMD64 = "becb950ee80daa8ae7331d77966d94a611af79ad0d3307380907e0ec08f5b4e8";

/** sha256 of `node_exporter-1.9.1.linux-arm64.tar.gz`, from the release's `sha256sums.txt`. */
export const NODE_EXPORTER_SHA256_ARM64 = "848f139986f63232ced83babe3cad1679efdbb26c694737edc1f4fbd27b96203";

/** Where node_exporter releases are downloaded from by default. */
export const NODE_EXPORTER_RELEASES_URL = "https://github.com/prometheus/node_exporter/releases/download";
