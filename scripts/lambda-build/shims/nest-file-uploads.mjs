// @nestjs/platform-express's file upload module and interceptors (multer's
// FileInterceptor & co.), which its index re-exports: no Switchboard route
// takes files (imports send JSON or CSV bodies, and API Gateway caps payloads
// anyway). Nothing is exported, so code that imports them does not build.
export {};
