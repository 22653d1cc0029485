// The shape of resources/prices.json, the one table of model prices (with the date it was checked).
// Core prices sessions with it (`usage.list_cost`); the renderer may import the JSON file itself,
// typed with these types, to show rates and the date beside its estimates.

/** US dollars per million tokens of each kind. */
export interface ModelPrices {
  input: number;
  output: number;
  cache_write_5m: number;
  cache_write_1h: number;
  cache_read: number;
}

export interface PriceTable {
  /** When the prices were checked against `source`. */
  date: string;
  currency: 'USD';
  unit: 'per million tokens';
  source: string;
  /** What the estimates leave out. */
  note: string;
  /** By model id without a date suffix. */
  models: Record<string, ModelPrices>;
}
