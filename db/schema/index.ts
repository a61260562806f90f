export * from "./identity";
export * from "./operations";
export * from "./catalogue";
export * from "./valuation";
