/** The edge program drawn without instancing, as the node program (see programs.ts for why). */
import { EdgeProgram, type ProgramInfo } from 'sigma/rendering';
import type { Attributes } from 'graphology-types';
import type { EdgeDisplayData, NodeDisplayData, RenderParams } from 'sigma/types';
import { floatColor } from 'sigma/utils';
import { bindOnce, FLOAT, TRIANGLES, UNSIGNED_BYTE, Uploads } from './programs.js';

const EDGE_VERTEX = /* glsl */ `
attribute vec4 a_id;
attribute vec4 a_color;
attribute vec2 a_normal;
attribute float a_normalCoef;
attribute vec2 a_positionStart;
attribute vec2 a_positionEnd;
attribute float a_positionCoef;
uniform mat3 u_matrix;
uniform float u_sizeRatio;
uniform float u_zoomRatio;
uniform float u_pixelRatio;
uniform float u_correctionRatio;
uniform float u_minEdgeThickness;
uniform float u_feather;
varying vec4 v_color;
varying vec2 v_normal;
varying float v_thickness;
varying float v_feather;
const float bias = 255.0 / 254.0;
void main() {
  vec2 normal = a_normal * a_normalCoef;
  vec2 position = a_positionStart * (1.0 - a_positionCoef) + a_positionEnd * a_positionCoef;
  float normalLength = length(normal);
  vec2 unitNormal = normal / normalLength;
  float pixelsThickness = max(normalLength, u_minEdgeThickness * u_sizeRatio);
  float webGLThickness = pixelsThickness * u_correctionRatio / u_sizeRatio;
  gl_Position = vec4((u_matrix * vec3(position + unitNormal * webGLThickness, 1)).xy, 0, 1);
  v_thickness = webGLThickness / u_zoomRatio;
  v_normal = unitNormal;
  v_feather = u_feather * u_correctionRatio / u_zoomRatio / u_pixelRatio * 2.0;
  #ifdef PICKING_MODE
  v_color = a_id;
  #else
  v_color = a_color;
  #endif
  v_color.a *= bias;
}`;

const EDGE_FRAGMENT = /* glsl */ `
precision mediump float;
varying vec4 v_color;
varying vec2 v_normal;
varying float v_thickness;
varying float v_feather;
const vec4 transparent = vec4(0.0, 0.0, 0.0, 0.0);
void main(void) {
  #ifdef PICKING_MODE
  gl_FragColor = v_color;
  #else
  float dist = length(v_normal) * v_thickness;
  float t = smoothstep(v_thickness - v_feather, v_thickness, dist);
  gl_FragColor = mix(v_color, transparent, t);
  #endif
}`;

/** The band's six corners: [position coefficient (0 source, 1 target), normal coefficient]. */
const CORNERS = [
  [0, 1],
  [0, -1],
  [1, 1],
  [1, 1],
  [0, -1],
  [1, -1],
] as const;
type EdgeUniform =
  | 'u_matrix'
  | 'u_zoomRatio'
  | 'u_sizeRatio'
  | 'u_correctionRatio'
  | 'u_pixelRatio'
  | 'u_feather'
  | 'u_minEdgeThickness';

/** An edge as a band of its thickness (sigma's `line` look): two triangles, six vertices written per edge. */
export class EdgeBandProgram<
  N extends Attributes = Attributes,
  E extends Attributes = Attributes,
  G extends Attributes = Attributes,
> extends EdgeProgram<EdgeUniform, N, E, G> {
  private readonly uploads = new Uploads();
  /** The program's shaders and vertex layout (no constant attributes: not instanced). */
  getDefinition() {
    return {
      VERTICES: 6,
      VERTEX_SHADER_SOURCE: EDGE_VERTEX,
      FRAGMENT_SHADER_SOURCE: EDGE_FRAGMENT,
      METHOD: TRIANGLES,
      UNIFORMS: [
        'u_matrix',
        'u_zoomRatio',
        'u_sizeRatio',
        'u_correctionRatio',
        'u_pixelRatio',
        'u_feather',
        'u_minEdgeThickness',
      ] as const,
      ATTRIBUTES: [
        { name: 'a_positionStart', size: 2, type: FLOAT },
        { name: 'a_positionEnd', size: 2, type: FLOAT },
        { name: 'a_normal', size: 2, type: FLOAT },
        { name: 'a_positionCoef', size: 1, type: FLOAT },
        { name: 'a_normalCoef', size: 1, type: FLOAT },
        { name: 'a_color', size: 4, type: UNSIGNED_BYTE, normalized: true },
        { name: 'a_id', size: 4, type: UNSIGNED_BYTE, normalized: true },
      ],
    };
  }
  /** Write the edge's six vertices. */
  processVisibleItem(
    edgeIndex: number,
    startIndex: number,
    source: NodeDisplayData,
    target: NodeDisplayData,
    data: EdgeDisplayData,
  ): void {
    const thickness = data.size || 1;
    const dx = target.x - source.x;
    const dy = target.y - source.y;
    const len = Math.hypot(dx, dy);
    const n1 = len ? (-dy / len) * thickness : 0;
    const n2 = len ? (dx / len) * thickness : 0;
    const color = floatColor(data.color);
    const a = this.array;
    let i = startIndex;
    for (const [positionCoef, normalCoef] of CORNERS) {
      a[i++] = source.x;
      a[i++] = source.y;
      a[i++] = target.x;
      a[i++] = target.y;
      a[i++] = n1;
      a[i++] = n2;
      a[i++] = positionCoef;
      a[i++] = normalCoef;
      a[i++] = color;
      a[i++] = edgeIndex;
    }
  }
  /** The camera's matrix, sigma's ratios, the anti-aliasing feather and the thinnest edge. */
  setUniforms(params: RenderParams, { gl, uniformLocations: u }: ProgramInfo<EdgeUniform>): void {
    gl.uniformMatrix3fv(u.u_matrix, false, params.matrix);
    gl.uniform1f(u.u_zoomRatio, params.zoomRatio);
    gl.uniform1f(u.u_sizeRatio, params.sizeRatio);
    gl.uniform1f(u.u_correctionRatio, params.correctionRatio);
    gl.uniform1f(u.u_pixelRatio, params.pixelRatio);
    gl.uniform1f(u.u_feather, params.antiAliasingFeather);
    gl.uniform1f(u.u_minEdgeThickness, params.minEdgeThickness);
  }
  override process(
    edgeIndex: number,
    offset: number,
    source: NodeDisplayData,
    target: NodeDisplayData,
    data: EdgeDisplayData,
  ): void {
    this.uploads.touch();
    super.process(edgeIndex, offset, source, target, data);
  }
  override reallocate(capacity: number): void {
    this.uploads.touch();
    super.reallocate(capacity);
  }
  protected override bindProgram(program: ProgramInfo): void {
    bindOnce(program, this.ATTRIBUTES, this.array, this.uploads, (a, o) => this.bindAttribute(a, program, o));
  }
}
