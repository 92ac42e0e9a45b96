// dynalite's actions and their validations, which in-process.ts calls as its HTTP handler does (each
// module's exports reached as the default import; in-process.ts gives them their shape).
declare module 'dynalite/validations/index.js' {
  const validations: unknown;
  export default validations;
}
declare module 'dynalite/actions/getItem.js' {
  const module: unknown;
  export default module;
}
declare module 'dynalite/validations/getItem.js' {
  const module: unknown;
  export default module;
}
declare module 'dynalite/actions/putItem.js' {
  const module: unknown;
  export default module;
}
declare module 'dynalite/validations/putItem.js' {
  const module: unknown;
  export default module;
}
declare module 'dynalite/actions/updateItem.js' {
  const module: unknown;
  export default module;
}
declare module 'dynalite/validations/updateItem.js' {
  const module: unknown;
  export default module;
}
declare module 'dynalite/actions/deleteItem.js' {
  const module: unknown;
  export default module;
}
declare module 'dynalite/validations/deleteItem.js' {
  const module: unknown;
  export default module;
}
declare module 'dynalite/actions/query.js' {
  const module: unknown;
  export default module;
}
declare module 'dynalite/validations/query.js' {
  const module: unknown;
  export default module;
}
declare module 'dynalite/actions/scan.js' {
  const module: unknown;
  export default module;
}
declare module 'dynalite/validations/scan.js' {
  const module: unknown;
  export default module;
}
declare module 'dynalite/actions/batchGetItem.js' {
  const module: unknown;
  export default module;
}
declare module 'dynalite/validations/batchGetItem.js' {
  const module: unknown;
  export default module;
}
declare module 'dynalite/actions/batchWriteItem.js' {
  const module: unknown;
  export default module;
}
declare module 'dynalite/validations/batchWriteItem.js' {
  const module: unknown;
  export default module;
}
declare module 'dynalite/actions/describeTable.js' {
  const module: unknown;
  export default module;
}
declare module 'dynalite/validations/describeTable.js' {
  const module: unknown;
  export default module;
}
