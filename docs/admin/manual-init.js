// Decap waits for start.js, which registers the house-style file formats first.
window.CMS_MANUAL_INIT = true;
