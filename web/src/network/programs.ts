/**
 * Our own sigma programs for nodes (anti-aliased discs) and edges (bands, edge-program.ts), drawn WITHOUT instancing,
 * their vertices uploaded only when sigma reprocesses the graph. Sigma 3's built-in programs are instanced (one draw
 * of N instances); SwiftShader, which draws WebGL when there is no GPU (headless Chromium, a virtual machine, a
 * locked-down desktop), runs every instance as its own draw, ≈ 30 µs each: 10,251 nodes took ≈ 600 ms of CPU per
 * frame. The programs implement sigma's `NodeProgram` / `EdgeProgram` API (definition, `processVisibleItem`,
 * `setUniforms`, its camera matrix and size ratio, the `PICKING_MODE` define of its picking pass); the shaders and
 * vertex layouts are ours: each item is a screen-aligned quad or band whose fragments are shaded in pixel units.
 */
import { NodeProgram, type ProgramInfo } from 'sigma/rendering';
import type { Attributes } from 'graphology-types';
import type { NodeDisplayData, RenderParams } from 'sigma/types';
import { floatColor } from 'sigma/utils';

/** WebGL constants the programs use. */
export const { FLOAT, UNSIGNED_BYTE, TRIANGLES } = WebGLRenderingContext;

/**
 * GLSL shared by both programs: the colour to write, premultiplied for sigma's blending (ONE, 1 − αsrc), un-doing
 * `floatColor`, which stores alpha over 0–254 (its lowest bit cleared); in sigma's picking pass, the item's id (its
 * RGB bytes; opaque, so that an overlap never blends two ids).
 */
export const GLSL_COLOUR = /* glsl */ `
vec4 paint(vec4 colour, vec4 id, float coverage) {
  #ifdef PICKING_MODE
  return vec4(id.rgb, 1.0);
  #else
  float alpha = min(colour.a * (255.0 / 254.0), 1.0) * coverage;
  return vec4(colour.rgb * alpha, alpha);
  #endif
}`;

/** Uploads a program's vertex array to a GPU buffer only when sigma has rewritten it since the last upload. */
export class Uploads {
  private version = 0;
  private readonly uploaded = new Map<ProgramInfo, number>();
  /** Sigma rewrote the array (process or reallocate). */
  touch(): void {
    this.version++;
  }
  /** Whether `program`'s buffer must be uploaded now (and remember that it will be). */
  due(program: ProgramInfo): boolean {
    if (this.uploaded.get(program) === this.version) return false;
    this.uploaded.set(program, this.version);
    return true;
  }
}

/** Whether sigma's camera is moving (sigma's own test before it hides edges and labels). */
export function cameraMoving(s: {
  getCamera(): { isAnimated(): boolean };
  getMouseCaptor(): { isMoving: boolean; draggedEvents: number; currentWheelDirection: number };
}): boolean {
  const m = s.getMouseCaptor();
  return s.getCamera().isAnimated() || m.isMoving || m.draggedEvents > 0 || m.currentWheelDirection !== 0;
}

/** Bind `program`'s buffer and attributes; upload the vertex array only when `uploads` says it changed. */
export function bindOnce(
  program: ProgramInfo,
  attributes: ReadonlyArray<{ name: string; size: number; type: number; normalized?: boolean }>,
  array: Float32Array,
  uploads: Uploads,
  bind: (attr: (typeof attributes)[number], offset: number) => number,
): void {
  const { gl } = program;
  gl.bindBuffer(gl.ARRAY_BUFFER, program.buffer);
  let offset = 0;
  for (const attr of attributes) offset += bind(attr, offset);
  if (uploads.due(program)) gl.bufferData(gl.ARRAY_BUFFER, array, gl.STATIC_DRAW);
  gl.bindBuffer(gl.ARRAY_BUFFER, null);
}

/** Clip-space units per CSS pixel of the canvas, the uniform both programs place their corners with. */
export function clipPerPixel(params: RenderParams): [number, number] {
  return [2 / params.width, 2 / params.height];
}

// A node is a square of side 2r pixels around its centre, r = size / sizeRatio (sigma's rendered size in pixels).
// Each corner carries its local coordinate in [-1, 1]²; the fragment's distance from the centre, in pixels, fades the
// disc's last pixel and discards what lies outside it.
const DISC_VERTEX = /* glsl */ `
attribute vec2 a_centre;
attribute vec2 a_corner;
attribute float a_size;
attribute vec4 a_colour;
attribute vec4 a_id;
uniform mat3 u_camera;
uniform vec2 u_clipPerPixel;
uniform float u_sizeRatio;
varying vec2 v_local;
varying float v_radius;
varying vec4 v_colour;
varying vec4 v_id;
void main() {
  float radius = a_size / u_sizeRatio;
  vec2 centre = (u_camera * vec3(a_centre, 1.0)).xy;
  gl_Position = vec4(centre + a_corner * radius * u_clipPerPixel, 0.0, 1.0);
  v_local = a_corner;
  v_radius = radius;
  v_colour = a_colour;
  v_id = a_id;
}`;

const DISC_FRAGMENT = /* glsl */ `
precision highp float;
varying vec2 v_local;
varying float v_radius;
varying vec4 v_colour;
varying vec4 v_id;
${GLSL_COLOUR}
void main() {
  float fromCentre = length(v_local) * v_radius;
  if (fromCentre > v_radius) discard;
  #ifdef PICKING_MODE
  float coverage = 1.0;
  #else
  float coverage = 1.0 - smoothstep(v_radius - 1.0, v_radius, fromCentre);
  #endif
  gl_FragColor = paint(v_colour, v_id, coverage);
}`;

/** The quad's two triangles, as local corner coordinates. */
const QUAD = [
  [-1, -1],
  [1, -1],
  [1, 1],
  [-1, -1],
  [1, 1],
  [-1, 1],
] as const;
type DiscUniform = 'u_camera' | 'u_clipPerPixel' | 'u_sizeRatio';

/** A node as a disc (sigma's `circle` look): a screen-aligned quad, six vertices written per node. */
export class NodeDiscProgram<
  N extends Attributes = Attributes,
  E extends Attributes = Attributes,
  G extends Attributes = Attributes,
> extends NodeProgram<DiscUniform, N, E, G> {
  private readonly uploads = new Uploads();
  /** The program's shaders and vertex layout (no constant attributes: not instanced). */
  getDefinition() {
    return {
      VERTICES: QUAD.length,
      VERTEX_SHADER_SOURCE: DISC_VERTEX,
      FRAGMENT_SHADER_SOURCE: DISC_FRAGMENT,
      METHOD: TRIANGLES,
      UNIFORMS: ['u_camera', 'u_clipPerPixel', 'u_sizeRatio'] as const,
      ATTRIBUTES: [
        { name: 'a_centre', size: 2, type: FLOAT },
        { name: 'a_corner', size: 2, type: FLOAT },
        { name: 'a_size', size: 1, type: FLOAT },
        { name: 'a_colour', size: 4, type: UNSIGNED_BYTE, normalized: true },
        { name: 'a_id', size: 4, type: UNSIGNED_BYTE, normalized: true },
      ],
    };
  }
  /** Write the node's six vertices. */
  processVisibleItem(nodeIndex: number, startIndex: number, data: NodeDisplayData): void {
    const a = this.array;
    const colour = floatColor(data.color);
    let i = startIndex;
    for (const [cx, cy] of QUAD) {
      a[i++] = data.x;
      a[i++] = data.y;
      a[i++] = cx;
      a[i++] = cy;
      a[i++] = data.size;
      a[i++] = colour;
      a[i++] = nodeIndex;
    }
  }
  /** The camera's matrix, clip units per pixel and sigma's size ratio. */
  setUniforms(params: RenderParams, { gl, uniformLocations: u }: ProgramInfo<DiscUniform>): void {
    gl.uniformMatrix3fv(u.u_camera, false, params.matrix);
    gl.uniform2f(u.u_clipPerPixel, ...clipPerPixel(params));
    gl.uniform1f(u.u_sizeRatio, params.sizeRatio);
  }
  /**
   * Draw the picture, and the picking buffer (node under the mouse) only when the camera is at rest: nothing is
   * picked while it moves, and sigma draws again at rest (after a drag, a zoom or an animation).
   */
  override render(params: RenderParams): void {
    if (this.hasNothingToRender()) return;
    const pick = this.pickProgram;
    if (pick && !cameraMoving(this.renderer)) {
      pick.gl.viewport(
        0,
        0,
        (params.width * params.pixelRatio) / params.downSizingRatio,
        (params.height * params.pixelRatio) / params.downSizingRatio,
      );
      this.bindProgram(pick);
      this.renderProgram({ ...params, pixelRatio: params.pixelRatio / params.downSizingRatio }, pick);
      this.unbindProgram(pick);
    }
    const normal = this.normalProgram;
    normal.gl.viewport(0, 0, params.width * params.pixelRatio, params.height * params.pixelRatio);
    this.bindProgram(normal);
    this.renderProgram(params, normal);
    this.unbindProgram(normal);
  }
  override process(nodeIndex: number, offset: number, data: NodeDisplayData): void {
    this.uploads.touch();
    super.process(nodeIndex, offset, data);
  }
  override reallocate(capacity: number): void {
    this.uploads.touch();
    super.reallocate(capacity);
  }
  protected override bindProgram(program: ProgramInfo): void {
    bindOnce(program, this.ATTRIBUTES, this.array, this.uploads, (a, o) => this.bindAttribute(a, program, o));
  }
}
