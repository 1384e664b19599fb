// Reads the name of this browser's WebGL renderer in a worker and posts it back ('' without WebGL). Making a WebGL context blocks
// the thread that makes it (with a software renderer, for a third of a second on a slow phone), so the page does not make one on
// its main thread just to ask (runtime/backend.ts).

let renderer = '';
try {
  const canvas = new OffscreenCanvas(1, 1);
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
  if (gl) {
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
} catch {
  renderer = '';
}
postMessage(renderer);
