/** The median of the runs; with an even count, the upper of the two middle values. */
export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
