// react-query keys for the changes domain: one factory, shared by every component that reads or
// invalidates these queries.
export const changeKeys = {
  log: (id: string) => ["changes", id, "log"] as const,
};
