import { defineConfig } from "@fleetwatch/config";

// fleetwatch's settings. Every key is optional and has a default: see the configuration reference in README.md
// (`npm run config:reference`). A mistake fails `sst deploy` and `npm run plan` with one message per key.
export default defineConfig({
  // Where fleetwatch itself runs (buckets, Lambdas, Fargate tasks). Its instances are onboarded too.
  homeRegion: "us-east-1",
  // Further regions whose instances are onboarded and scraped, e.g. ["eu-west-1"].
  regions: [],
  scrapeGroups: [
    {
      name: "default",
      // An HA pair: two identical Prometheus + Thanos sidecar replicas; Thanos Query deduplicates their series.
      replicas: 2,
      // Without a selector the group takes every onboarded instance. To split the fleet, e.g.:
      // selector: { tags: { team: "payments" } },
    },
  ],
  // node_exporter is downloaded from its GitHub releases. For instances without internet, mirror the tarballs to
  // S3, one bucket in each region (an S3 gateway endpoint reaches buckets of its own region only), e.g.:
  // nodeExporter: { source: { kind: "s3", bucket: "acme-node-exporter-{region}", prefix: "node_exporter/" } },
  // Per-stage overrides, merged over the settings above: objects key by key, lists replaced whole.
  stages: {
    // `sst deploy --stage production`: keep data longer, post to Slack, give Prometheus more room.
    production: {
      thanos: { retention: { raw: "90d", fiveMinutes: "1y", oneHour: "5y" } },
      slack: { enabled: true, channel: "#fleetwatch" },
      tasks: { prometheus: { cpu: "2 vCPU", memory: "8 GB", storage: "100 GB" } },
      logRetentionDays: 90,
    },
  },
});
