/**
 * Sigma programs for nodes (anti-aliased discs) and edges (bands) drawn WITHOUT instancing, their vertices uploaded
 * only when sigma reprocesses the graph. Sigma 3's own disc and band programs are instanced (one draw of N
 * instances); SwiftShader, which draws WebGL when there is no GPU (headless Chromium, a virtual machine, a locked-down
 * desktop), runs every instance as its own draw, ≈ 30 µs each: 10,251 nodes took ≈ 600 ms of CPU per frame. The
 * shaders are sigma 3.0's (MIT licence), with the per-corner constants moved into each vertex. Edges: edge-program.ts.
 */
import { NodeProgram, type ProgramInfo } from 'sigma/rendering';
import type { Attributes } from 'graphology-types';
import type { NodeDisplayData, RenderParams } from 'sigma/types';
import { floatColor } from 'sigma/utils';

/** WebGL constants the programs use. */
export const { FLOAT, UNSIGNED_BYTE, TRIANGLES } = WebGLRenderingContext;

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

const NODE_VERTEX = /* glsl */ `
attribute vec4 a_id;
attribute vec4 a_color;
attribute vec2 a_position;
attribute float a_size;
attribute float a_angle;
uniform mat3 u_matrix;
uniform float u_sizeRatio;
uniform float u_correctionRatio;
varying vec4 v_color;
varying vec2 v_diffVector;
varying float v_radius;
const float bias = 255.0 / 254.0;
void main() {
  float size = a_size * u_correctionRatio / u_sizeRatio * 4.0;
  vec2 diffVector = size * vec2(cos(a_angle), sin(a_angle));
  gl_Position = vec4((u_matrix * vec3(a_position + diffVector, 1)).xy, 0, 1);
  v_diffVector = diffVector;
  v_radius = size / 2.0;
  #ifdef PICKING_MODE
  v_color = a_id;
  #else
  v_color = a_color;
  #endif
  v_color.a *= bias;
}`;

const NODE_FRAGMENT = /* glsl */ `
precision highp float;
varying vec4 v_color;
varying vec2 v_diffVector;
varying float v_radius;
uniform float u_correctionRatio;
const vec4 transparent = vec4(0.0, 0.0, 0.0, 0.0);
void main(void) {
  float border = u_correctionRatio * 2.0;
  float dist = length(v_diffVector) - v_radius + border;
  #ifdef PICKING_MODE
  gl_FragColor = dist > border ? transparent : v_color;
  #else
  float t = dist > border ? 1.0 : dist > 0.0 ? dist / border : 0.0;
  gl_FragColor = mix(v_color, transparent, t);
  #endif
}`;

const ANGLES = [0, (2 * Math.PI) / 3, (4 * Math.PI) / 3] as const;
type NodeUniform = 'u_sizeRatio' | 'u_correctionRatio' | 'u_matrix';

/** A node as a disc (sigma's `circle` look): one triangle around it, three vertices written per node. */
export class NodeDiscProgram<
  N extends Attributes = Attributes,
  E extends Attributes = Attributes,
  G extends Attributes = Attributes,
> extends NodeProgram<NodeUniform, N, E, G> {
  private readonly uploads = new Uploads();
  /** The program's shaders and vertex layout (no constant attributes: not instanced). */
  getDefinition() {
    return {
      VERTICES: 3,
      VERTEX_SHADER_SOURCE: NODE_VERTEX,
      FRAGMENT_SHADER_SOURCE: NODE_FRAGMENT,
      METHOD: TRIANGLES,
      UNIFORMS: ['u_sizeRatio', 'u_correctionRatio', 'u_matrix'] as const,
      ATTRIBUTES: [
        { name: 'a_position', size: 2, type: FLOAT },
        { name: 'a_size', size: 1, type: FLOAT },
        { name: 'a_angle', size: 1, type: FLOAT },
        { name: 'a_color', size: 4, type: UNSIGNED_BYTE, normalized: true },
        { name: 'a_id', size: 4, type: UNSIGNED_BYTE, normalized: true },
      ],
    };
  }
  /** Write the node's three vertices. */
  processVisibleItem(nodeIndex: number, startIndex: number, data: NodeDisplayData): void {
    const a = this.array;
    const color = floatColor(data.color);
    let i = startIndex;
    for (const angle of ANGLES) {
      a[i++] = data.x;
      a[i++] = data.y;
      a[i++] = data.size;
      a[i++] = angle;
      a[i++] = color;
      a[i++] = nodeIndex;
    }
  }
  /** The camera's matrix and sigma's size ratios. */
  setUniforms(params: RenderParams, { gl, uniformLocations: u }: ProgramInfo<NodeUniform>): void {
    gl.uniform1f(u.u_correctionRatio, params.correctionRatio);
    gl.uniform1f(u.u_sizeRatio, params.sizeRatio);
    gl.uniformMatrix3fv(u.u_matrix, false, params.matrix);
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
