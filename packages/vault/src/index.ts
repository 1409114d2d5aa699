export {
  type ApiClient,
  type ApiClientOptions,
  type CallInput,
  CorridorApiError,
  createApiClient,
} from './api/api-client.ts';
