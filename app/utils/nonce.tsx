import { createContext, useContext } from "react";

/**
 * The request's CSP nonce (made in the express layer, see express.server.ts), for the inline scripts
 * Remix renders: `<Scripts nonce>`, `<ScrollRestoration nonce>`. Empty in the browser, which never
 * needs it again after the first render.
 */
const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
