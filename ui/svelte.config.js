// Svelte compiler settings shared by Vite, vitest and svelte-check.
//
// Every compiler warning (the a11y ones above all) is an error here: a label missing on a
// control is a bug for the person using a screen reader, not a style nit.
/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
export default {
  compilerOptions: {
    runes: true,
  },
  onwarn(warning) {
    const where = warning.filename ? `${warning.filename}:${warning.start?.line ?? '?'}: ` : '';
    throw new Error(`${where}${warning.code}: ${warning.message}`);
  },
};
