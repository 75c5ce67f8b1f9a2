/**
 * Every entity, for the migration CLI (the server itself loads each feature's
 * entities through `forFeature`). Add a feature's entities when it gains some.
 */
export const ENTITIES: Function[] = [];
