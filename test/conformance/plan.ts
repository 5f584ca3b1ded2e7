// The plan as the conformance checks read it: owned by @fleetwatch/sst-offline.
export { planContext, plannedResources } from "@fleetwatch/sst-offline";
