/** The protocol's version: the major part changes only with an incompatible change to the API. */
export const protocolVersion = '1.0.0';
