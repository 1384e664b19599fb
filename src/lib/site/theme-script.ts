// The tiny blocking script that applies the saved or OS colour theme before first paint (no flash).

/** Inline script source: reads localStorage "theme" ("light" | "dark"), else leaves the OS preference to CSS. */
export const THEME_SCRIPT = "try{var t=localStorage.getItem('theme');if(t==='light'||t==='dark')document.documentElement.dataset.theme=t}catch(e){}";
