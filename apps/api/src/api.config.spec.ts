import { ConfigError, resolveShape } from '#switchboard/config';
import { setEnv } from '../../../test/support/test-env.js';
import { apiConfig } from './api.config.js';

describe('what the server exposes besides the API', () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());
  const exposure = (env: Record<string, string | undefined>) => {
    restore?.();
    restore = setEnv(env);
    return resolveShape(apiConfig.fields);
  };

  it('serves /metrics and /docs by default outside production', () => {
    expect(exposure({ NODE_ENV: 'development', METRICS_ENABLED: undefined, API_DOCS_ENABLED: undefined })).toEqual({ metricsEnabled: true, docsEnabled: true });
    expect(exposure({ NODE_ENV: 'test', METRICS_ENABLED: '', API_DOCS_ENABLED: '' })).toEqual({ metricsEnabled: true, docsEnabled: true });
  });

  it('serves neither by default in production', () => {
    expect(exposure({ NODE_ENV: 'production', METRICS_ENABLED: undefined, API_DOCS_ENABLED: undefined })).toEqual({
      metricsEnabled: false,
      docsEnabled: false,
    });
  });

  it('follows the settings when they are given, in production or not', () => {
    expect(exposure({ NODE_ENV: 'production', METRICS_ENABLED: 'true', API_DOCS_ENABLED: 'false' })).toEqual({ metricsEnabled: true, docsEnabled: false });
    expect(exposure({ NODE_ENV: 'development', METRICS_ENABLED: 'false', API_DOCS_ENABLED: 'true' })).toEqual({ metricsEnabled: false, docsEnabled: true });
  });

  it('rejects anything but true or false', () => {
    const parse = () => exposure({ NODE_ENV: 'production', METRICS_ENABLED: 'yes' });
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(/^Invalid setting METRICS_ENABLED="yes": expected true or false/);
  });
});
