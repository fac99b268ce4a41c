/** Our own edge program, drawn without instancing as the node program (see programs.ts for why). */
import { EdgeProgram, type ProgramInfo } from 'sigma/rendering';
import type { Attributes } from 'graphology-types';
import type { EdgeDisplayData, NodeDisplayData, RenderParams } from 'sigma/types';
import { floatColor } from 'sigma/utils';
import { bindOnce, clipPerPixel, FLOAT, GLSL_COLOUR, TRIANGLES, UNSIGNED_BYTE, Uploads } from './programs.js';

// An edge is a band from source to target, w = max(size / sizeRatio, minEdgeThickness) pixels wide. Both ends are
// placed by the camera, then each corner moves w / 2 pixels along the band's normal on screen; the fragment knows its
// signed distance from the centre line, in pixels, and fades the band's outer `feather` pixels.
const BAND_VERTEX = /* glsl */ `
attribute vec2 a_source;
attribute vec2 a_target;
attribute vec2 a_corner;
attribute float a_thickness;
attribute vec4 a_colour;
attribute vec4 a_id;
uniform mat3 u_camera;
uniform vec2 u_clipPerPixel;
uniform float u_sizeRatio;
uniform float u_minThickness;
varying float v_across;
varying float v_halfWidth;
varying vec4 v_colour;
varying vec4 v_id;
void main() {
  vec2 from = (u_camera * vec3(a_source, 1.0)).xy;
  vec2 to = (u_camera * vec3(a_target, 1.0)).xy;
  vec2 onScreen = (to - from) / u_clipPerPixel;
  float pixels = length(onScreen);
  vec2 normal = pixels > 0.0 ? vec2(-onScreen.y, onScreen.x) / pixels : vec2(0.0);
  float halfWidth = max(a_thickness / u_sizeRatio, u_minThickness) * 0.5;
  vec2 end = mix(from, to, a_corner.x);
  gl_Position = vec4(end + normal * (a_corner.y * halfWidth) * u_clipPerPixel, 0.0, 1.0);
  v_across = a_corner.y * halfWidth;
  v_halfWidth = halfWidth;
  v_colour = a_colour;
  v_id = a_id;
}`;

const BAND_FRAGMENT = /* glsl */ `
precision mediump float;
varying float v_across;
varying float v_halfWidth;
varying vec4 v_colour;
varying vec4 v_id;
uniform float u_feather;
${GLSL_COLOUR}
void main() {
  #ifdef PICKING_MODE
  float coverage = 1.0;
  #else
  float coverage = 1.0 - smoothstep(v_halfWidth - u_feather, v_halfWidth, abs(v_across));
  #endif
  gl_FragColor = paint(v_colour, v_id, coverage);
}`;

/** The band's two triangles: [end (0 source, 1 target), side of the centre line]. */
const BAND = [
  [0, -1],
  [1, -1],
  [1, 1],
  [0, -1],
  [1, 1],
  [0, 1],
] as const;
type BandUniform = 'u_camera' | 'u_clipPerPixel' | 'u_sizeRatio' | 'u_minThickness' | 'u_feather';

/** An edge as a band of its thickness (sigma's `line` look): two triangles, six vertices written per edge. */
export class EdgeBandProgram<
  N extends Attributes = Attributes,
  E extends Attributes = Attributes,
  G extends Attributes = Attributes,
> extends EdgeProgram<BandUniform, N, E, G> {
  private readonly uploads = new Uploads();
  /** The program's shaders and vertex layout (no constant attributes: not instanced). */
  getDefinition() {
    return {
      VERTICES: BAND.length,
      VERTEX_SHADER_SOURCE: BAND_VERTEX,
      FRAGMENT_SHADER_SOURCE: BAND_FRAGMENT,
      METHOD: TRIANGLES,
      UNIFORMS: ['u_camera', 'u_clipPerPixel', 'u_sizeRatio', 'u_minThickness', 'u_feather'] as const,
      ATTRIBUTES: [
        { name: 'a_source', size: 2, type: FLOAT },
        { name: 'a_target', size: 2, type: FLOAT },
        { name: 'a_corner', size: 2, type: FLOAT },
        { name: 'a_thickness', size: 1, type: FLOAT },
        { name: 'a_colour', size: 4, type: UNSIGNED_BYTE, normalized: true },
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
    const colour = floatColor(data.color);
    const a = this.array;
    let i = startIndex;
    for (const [end, side] of BAND) {
      a[i++] = source.x;
      a[i++] = source.y;
      a[i++] = target.x;
      a[i++] = target.y;
      a[i++] = end;
      a[i++] = side;
      a[i++] = thickness;
      a[i++] = colour;
      a[i++] = edgeIndex;
    }
  }
  /** The camera's matrix, clip units per pixel, sigma's size ratio, the thinnest edge and a one-device-pixel fade. */
  setUniforms(params: RenderParams, { gl, uniformLocations: u }: ProgramInfo<BandUniform>): void {
    gl.uniformMatrix3fv(u.u_camera, false, params.matrix);
    gl.uniform2f(u.u_clipPerPixel, ...clipPerPixel(params));
    gl.uniform1f(u.u_sizeRatio, params.sizeRatio);
    gl.uniform1f(u.u_minThickness, params.minEdgeThickness);
    gl.uniform1f(u.u_feather, params.antiAliasingFeather / params.pixelRatio);
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
