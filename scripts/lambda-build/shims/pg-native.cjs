// pg's binding to libpq (`pg.native`, pg/lib/native). pg requires it lazily,
// only when asked for, and the functions use the JavaScript client: as when
// pg-native is not installed, `pg.native` is null (~8 KB).
const error = new Error("Cannot find module 'pg-native': the native client is not in a Lambda bundle");
error.code = 'MODULE_NOT_FOUND';
throw error;
