declare const brand: unique symbol;

/**
 * A value of type T that has been checked to be a B: a `RecordKey` cannot be passed
 * where a `FileKey` is meant, though both are 32 bytes.
 */
export type Brand<T, B extends string> = T & { readonly [brand]: B };
