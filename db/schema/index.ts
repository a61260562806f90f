export * from "./identity";
export * from "./operations";
export * from "./catalogue";
export * from "./valuation";
export * from "./campaigns";
export * from "./financing";
export * from "./trading";
export * from "./public-money";
