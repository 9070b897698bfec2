// Live pages render in the browser: their data arrives over the sync socket, not from SSR.
export const ssr = false;
