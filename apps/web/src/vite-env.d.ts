/// <reference types="svelte" />
/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_API_URL?: string;
  readonly VITE_AUTH0_DOMAIN?: string;
  readonly VITE_AUTH0_CLIENT_ID?: string;
  readonly VITE_AUTH0_AUDIENCE?: string;
  readonly VITE_AUTH0_ORGANIZATION?: string;
  readonly VITE_DEV_SIGN_IN?: string;
  readonly VITE_PERMISSIONS_CLAIM?: string;
  readonly VITE_ROLES_CLAIM?: string;
  readonly VITE_TENANT_CLAIM?: string;
}
