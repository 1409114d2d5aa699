export { initCrypto } from './init.ts';
