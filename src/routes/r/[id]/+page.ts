// The report arrives from the API with the key in the fragment, which only the browser sees.
export const ssr = false;
