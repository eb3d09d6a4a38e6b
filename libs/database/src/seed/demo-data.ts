// Demo data of the reference city (Bayannur 巴彦淖尔, Inner Mongolia): every value below is editable data, not logic.

export type SeedDepartmentKind = 'centre' | 'city_bureau' | 'utility' | 'district' | 'street';

export interface SeedDepartment {
  code: string;
  nameZh: string;
  nameMn: string | null;
  kind: SeedDepartmentKind;
  parentCode: string | null;
  districtCode: string | null;
}

export interface SeedMatter {
  code: string;
  name: string;
  parentCode: string | null;
  keywords: string[];
  /** Responsible unit; for leaves with districtUnits it is the fallback when the district is unknown. */
  departmentCode: string | null;
  /** 属地管理: districtCode → departmentCode handling the matter in that district. */
  districtUnits?: Record<string /*districtCode*/, string /*departmentCode*/>;
}

export interface SeedCalendarDay {
  date: string /*YYYY-MM-DD*/;
  kind: 'holiday' | 'workday';
  name: string;
}

export interface SeedUser {
  username: string;
  displayName: string;
  role: 'agent' | 'dispatcher' | 'department' | 'supervisor' | 'admin';
  departmentCode: string | null;
  languageSkills: ('zh' | 'mn')[];
}

export interface SeedDistrict {
  code: string;
  nameZh: string;
  nameMn: string;
}

// ---------------------------------------------------------------------------
// Districts (旗县区) with their administrative division codes.
// Mongolian names are best-effort transliterations in traditional script.
// ---------------------------------------------------------------------------
export const DISTRICTS: SeedDistrict[] = [
  { code: '150802', nameZh: '临河区', nameMn: 'ᠯᠢᠨ ᠾᠧ ᠲᠣᠭᠣᠷᠢᠭ' },
  { code: '150821', nameZh: '五原县', nameMn: 'ᠦᠶᠤᠸᠠᠨ ᠰᠢᠶᠠᠨ' },
  { code: '150822', nameZh: '磴口县', nameMn: 'ᠳᠧᠩᠺᠧᠦ ᠰᠢᠶᠠᠨ' },
  { code: '150823', nameZh: '乌拉特前旗', nameMn: 'ᠤᠷᠠᠳ ᠡᠮᠦᠨᠡᠳᠦ ᠬᠣᠰᠢᠭᠤ' },
  { code: '150824', nameZh: '乌拉特中旗', nameMn: 'ᠤᠷᠠᠳ ᠳᠤᠮᠳᠠᠳᠤ ᠬᠣᠰᠢᠭᠤ' },
  { code: '150825', nameZh: '乌拉特后旗', nameMn: 'ᠤᠷᠠᠳ ᠬᠣᠶᠢᠳᠤ ᠬᠣᠰᠢᠭᠤ' },
  { code: '150826', nameZh: '杭锦后旗', nameMn: 'ᠬᠠᠩᠭᠢᠨ ᠬᠣᠶᠢᠳᠤ ᠬᠣᠰᠢᠭᠤ' },
];

// ---------------------------------------------------------------------------
// Departments. Parents are listed before their children.
// ---------------------------------------------------------------------------
export const DEPARTMENTS: SeedDepartment[] = [
  // 12345 centre
  {
    code: 'centre',
    nameZh: '巴彦淖尔市12345政务服务便民热线中心',
    nameMn: 'ᠪᠠᠶᠠᠨᠨᠠᠭᠤᠷ ᠬᠣᠲᠠ ᠶᠢᠨ ᠑᠒᠓᠔᠕ ᠵᠠᠰᠠᠭ ᠤᠨ ᠠᠵᠢᠯ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ ᠶᠢᠨ ᠢᠷᠭᠡᠨ ᠳᠦ ᠲᠤᠰᠠᠯᠠᠬᠤ ᠤᠲᠠᠰᠤᠨ ᠤ ᠲᠥᠪ',
    kind: 'centre',
    parentCode: null,
    districtCode: null,
  },

  // City bureaus (市直部门)
  { code: 'gaj', nameZh: '巴彦淖尔市公安局', nameMn: null, kind: 'city_bureau', parentCode: null, districtCode: null },
  { code: 'zjj', nameZh: '巴彦淖尔市住房和城乡建设局', nameMn: null, kind: 'city_bureau', parentCode: null, districtCode: null },
  { code: 'cgj', nameZh: '巴彦淖尔市城市管理综合执法局', nameMn: null, kind: 'city_bureau', parentCode: null, districtCode: null },
  { code: 'hbj', nameZh: '巴彦淖尔市生态环境局', nameMn: null, kind: 'city_bureau', parentCode: null, districtCode: null },
  { code: 'rsj', nameZh: '巴彦淖尔市人力资源和社会保障局', nameMn: null, kind: 'city_bureau', parentCode: null, districtCode: null },
  { code: 'scjgj', nameZh: '巴彦淖尔市市场监督管理局', nameMn: null, kind: 'city_bureau', parentCode: null, districtCode: null },
  { code: 'jtysj', nameZh: '巴彦淖尔市交通运输局', nameMn: null, kind: 'city_bureau', parentCode: null, districtCode: null },
  { code: 'jyj', nameZh: '巴彦淖尔市教育局', nameMn: null, kind: 'city_bureau', parentCode: null, districtCode: null },
  { code: 'wjw', nameZh: '巴彦淖尔市卫生健康委员会', nameMn: null, kind: 'city_bureau', parentCode: null, districtCode: null },
  { code: 'ybj', nameZh: '巴彦淖尔市医疗保障局', nameMn: null, kind: 'city_bureau', parentCode: null, districtCode: null },
  { code: 'mzj', nameZh: '巴彦淖尔市民政局', nameMn: null, kind: 'city_bureau', parentCode: null, districtCode: null },
  { code: 'zrzyj', nameZh: '巴彦淖尔市自然资源局', nameMn: null, kind: 'city_bureau', parentCode: null, districtCode: null },
  { code: 'nmj', nameZh: '巴彦淖尔市农牧局', nameMn: null, kind: 'city_bureau', parentCode: null, districtCode: null },
  { code: 'swj', nameZh: '巴彦淖尔市水务局', nameMn: null, kind: 'city_bureau', parentCode: null, districtCode: null },

  // Utilities (公用事业企业)
  { code: 'gongshui', nameZh: '巴彦淖尔市供水公司', nameMn: null, kind: 'utility', parentCode: null, districtCode: null },
  { code: 'gongre', nameZh: '巴彦淖尔市供热公司', nameMn: null, kind: 'utility', parentCode: null, districtCode: null },
  { code: 'gongdian', nameZh: '巴彦淖尔供电公司', nameMn: null, kind: 'utility', parentCode: null, districtCode: null },
  { code: 'ranqi', nameZh: '巴彦淖尔市燃气公司', nameMn: null, kind: 'utility', parentCode: null, districtCode: null },

  // 临河区
  {
    code: 'linhe',
    nameZh: '临河区人民政府',
    nameMn: 'ᠯᠢᠨ ᠾᠧ ᠲᠣᠭᠣᠷᠢᠭ ᠤᠨ ᠠᠷᠠᠳ ᠤᠨ ᠵᠠᠰᠠᠭ ᠤᠨ ᠭᠠᠵᠠᠷ',
    kind: 'district',
    parentCode: null,
    districtCode: '150802',
  },
  { code: 'linhe_chezhan', nameZh: '临河区车站街道办事处', nameMn: null, kind: 'street', parentCode: 'linhe', districtCode: '150802' },
  { code: 'linhe_jiefang', nameZh: '临河区解放街道办事处', nameMn: null, kind: 'street', parentCode: 'linhe', districtCode: '150802' },
  { code: 'linhe_xinhua', nameZh: '临河区新华街道办事处', nameMn: null, kind: 'street', parentCode: 'linhe', districtCode: '150802' },
  { code: 'linhe_tuanjie', nameZh: '临河区团结街道办事处', nameMn: null, kind: 'street', parentCode: 'linhe', districtCode: '150802' },

  // 五原县
  {
    code: 'wuyuan',
    nameZh: '五原县人民政府',
    nameMn: 'ᠦᠶᠤᠸᠠᠨ ᠰᠢᠶᠠᠨ ᠤ ᠠᠷᠠᠳ ᠤᠨ ᠵᠠᠰᠠᠭ ᠤᠨ ᠭᠠᠵᠠᠷ',
    kind: 'district',
    parentCode: null,
    districtCode: '150821',
  },
  { code: 'wuyuan_longxingchang', nameZh: '五原县隆兴昌镇人民政府', nameMn: null, kind: 'street', parentCode: 'wuyuan', districtCode: '150821' },
  { code: 'wuyuan_taerhu', nameZh: '五原县塔尔湖镇人民政府', nameMn: null, kind: 'street', parentCode: 'wuyuan', districtCode: '150821' },
  { code: 'wuyuan_tianjitai', nameZh: '五原县天吉泰镇人民政府', nameMn: null, kind: 'street', parentCode: 'wuyuan', districtCode: '150821' },

  // 磴口县
  {
    code: 'dengkou',
    nameZh: '磴口县人民政府',
    nameMn: 'ᠳᠧᠩᠺᠧᠦ ᠰᠢᠶᠠᠨ ᠤ ᠠᠷᠠᠳ ᠤᠨ ᠵᠠᠰᠠᠭ ᠤᠨ ᠭᠠᠵᠠᠷ',
    kind: 'district',
    parentCode: null,
    districtCode: '150822',
  },
  { code: 'dengkou_bayangaole', nameZh: '磴口县巴彦高勒镇人民政府', nameMn: null, kind: 'street', parentCode: 'dengkou', districtCode: '150822' },
  { code: 'dengkou_longshenghe', nameZh: '磴口县隆盛合镇人民政府', nameMn: null, kind: 'street', parentCode: 'dengkou', districtCode: '150822' },
  { code: 'dengkou_dukou', nameZh: '磴口县渡口镇人民政府', nameMn: null, kind: 'street', parentCode: 'dengkou', districtCode: '150822' },

  // 乌拉特前旗
  {
    code: 'wltqq',
    nameZh: '乌拉特前旗人民政府',
    nameMn: 'ᠤᠷᠠᠳ ᠡᠮᠦᠨᠡᠳᠦ ᠬᠣᠰᠢᠭᠤᠨ ᠤ ᠠᠷᠠᠳ ᠤᠨ ᠵᠠᠰᠠᠭ ᠤᠨ ᠭᠠᠵᠠᠷ',
    kind: 'district',
    parentCode: null,
    districtCode: '150823',
  },
  { code: 'wltqq_wulashan', nameZh: '乌拉特前旗乌拉山镇人民政府', nameMn: null, kind: 'street', parentCode: 'wltqq', districtCode: '150823' },
  { code: 'wltqq_xixiaozhao', nameZh: '乌拉特前旗西小召镇人民政府', nameMn: null, kind: 'street', parentCode: 'wltqq', districtCode: '150823' },
  { code: 'wltqq_baiyanhua', nameZh: '乌拉特前旗白彦花镇人民政府', nameMn: null, kind: 'street', parentCode: 'wltqq', districtCode: '150823' },

  // 乌拉特中旗
  {
    code: 'wltzq',
    nameZh: '乌拉特中旗人民政府',
    nameMn: 'ᠤᠷᠠᠳ ᠳᠤᠮᠳᠠᠳᠤ ᠬᠣᠰᠢᠭᠤᠨ ᠤ ᠠᠷᠠᠳ ᠤᠨ ᠵᠠᠰᠠᠭ ᠤᠨ ᠭᠠᠵᠠᠷ',
    kind: 'district',
    parentCode: null,
    districtCode: '150824',
  },
  { code: 'wltzq_hailiutu', nameZh: '乌拉特中旗海流图镇人民政府', nameMn: null, kind: 'street', parentCode: 'wltzq', districtCode: '150824' },
  { code: 'wltzq_wujiahe', nameZh: '乌拉特中旗乌加河镇人民政府', nameMn: null, kind: 'street', parentCode: 'wltzq', districtCode: '150824' },
  { code: 'wltzq_delingshan', nameZh: '乌拉特中旗德岭山镇人民政府', nameMn: null, kind: 'street', parentCode: 'wltzq', districtCode: '150824' },

  // 乌拉特后旗
  {
    code: 'wlthq',
    nameZh: '乌拉特后旗人民政府',
    nameMn: 'ᠤᠷᠠᠳ ᠬᠣᠶᠢᠳᠤ ᠬᠣᠰᠢᠭᠤᠨ ᠤ ᠠᠷᠠᠳ ᠤᠨ ᠵᠠᠰᠠᠭ ᠤᠨ ᠭᠠᠵᠠᠷ',
    kind: 'district',
    parentCode: null,
    districtCode: '150825',
  },
  { code: 'wlthq_bayinbaolige', nameZh: '乌拉特后旗巴音宝力格镇人民政府', nameMn: null, kind: 'street', parentCode: 'wlthq', districtCode: '150825' },
  { code: 'wlthq_chaogewenduer', nameZh: '乌拉特后旗潮格温都尔镇人民政府', nameMn: null, kind: 'street', parentCode: 'wlthq', districtCode: '150825' },
  { code: 'wlthq_wugai', nameZh: '乌拉特后旗乌盖苏木人民政府', nameMn: null, kind: 'street', parentCode: 'wlthq', districtCode: '150825' },

  // 杭锦后旗
  {
    code: 'hjhq',
    nameZh: '杭锦后旗人民政府',
    nameMn: 'ᠬᠠᠩᠭᠢᠨ ᠬᠣᠶᠢᠳᠤ ᠬᠣᠰᠢᠭᠤᠨ ᠤ ᠠᠷᠠᠳ ᠤᠨ ᠵᠠᠰᠠᠭ ᠤᠨ ᠭᠠᠵᠠᠷ',
    kind: 'district',
    parentCode: null,
    districtCode: '150826',
  },
  { code: 'hjhq_shanba', nameZh: '杭锦后旗陕坝镇人民政府', nameMn: null, kind: 'street', parentCode: 'hjhq', districtCode: '150826' },
  { code: 'hjhq_toudaoqiao', nameZh: '杭锦后旗头道桥镇人民政府', nameMn: null, kind: 'street', parentCode: 'hjhq', districtCode: '150826' },
  { code: 'hjhq_manhui', nameZh: '杭锦后旗蛮会镇人民政府', nameMn: null, kind: 'street', parentCode: 'hjhq', districtCode: '150826' },
];

// 属地管理: each district code → that district's government department code.
const DISTRICT_GOVERNMENTS: Record<string, string> = {
  '150802': 'linhe',
  '150821': 'wuyuan',
  '150822': 'dengkou',
  '150823': 'wltqq',
  '150824': 'wltzq',
  '150825': 'wlthq',
  '150826': 'hjhq',
};

// ---------------------------------------------------------------------------
// Matters (事项分类): top-level categories, then leaves with keywords and the
// responsible unit. Leaves with districtUnits are handled by the district.
// ---------------------------------------------------------------------------
export const MATTERS: SeedMatter[] = [
  // Top-level categories
  { code: 'cg', name: '城市管理', parentCode: null, keywords: [], departmentCode: null },
  { code: 'zj', name: '住房建设', parentCode: null, keywords: [], departmentCode: null },
  { code: 'hj', name: '生态环境', parentCode: null, keywords: [], departmentCode: null },
  { code: 'sb', name: '社会保障', parentCode: null, keywords: [], departmentCode: null },
  { code: 'sj', name: '市场监管', parentCode: null, keywords: [], departmentCode: null },
  { code: 'jt', name: '交通出行', parentCode: null, keywords: [], departmentCode: null },
  { code: 'jw', name: '教育卫生', parentCode: null, keywords: [], departmentCode: null },
  { code: 'gy', name: '公共事业（水电气暖）', parentCode: null, keywords: [], departmentCode: null },
  { code: 'za', name: '治安（110联动）', parentCode: null, keywords: [], departmentCode: null },
  { code: 'nm', name: '农牧水利', parentCode: null, keywords: [], departmentCode: null },

  // 城市管理
  {
    code: 'cg.noise.construction',
    name: '施工噪音',
    parentCode: 'cg',
    keywords: ['噪音', '施工', '夜间施工', '扰民', '工地', '轰鸣', '打桩'],
    departmentCode: 'cgj',
  },
  {
    code: 'cg.noise.social',
    name: '社会生活噪音',
    parentCode: 'cg',
    keywords: ['噪音', '广场舞', '高音喇叭', '喇叭', '音响', '商铺噪音', '吵闹', '扰民'],
    departmentCode: 'cgj',
  },
  {
    code: 'cg.sanitation.community',
    name: '小区环境卫生',
    parentCode: 'cg',
    keywords: ['小区卫生', '垃圾', '垃圾堆放', '没人打扫', '脏乱差', '臭味', '化粪池', '下水道堵'],
    departmentCode: 'cgj',
    districtUnits: { ...DISTRICT_GOVERNMENTS },
  },
  {
    code: 'cg.street_vending',
    name: '占道经营',
    parentCode: 'cg',
    keywords: ['占道经营', '摆摊', '流动摊贩', '占用人行道', '店外经营', '小商贩', '夜市'],
    departmentCode: 'cgj',
    districtUnits: { ...DISTRICT_GOVERNMENTS },
  },
  {
    code: 'cg.illegal_construction',
    name: '违章搭建',
    parentCode: 'cg',
    keywords: ['违章建筑', '违建', '私搭乱建', '乱搭建', '加盖', '彩钢房', '占用绿地', '楼顶搭建'],
    departmentCode: 'cgj',
    districtUnits: { ...DISTRICT_GOVERNMENTS },
  },
  {
    code: 'cg.road.damage',
    name: '道路破损',
    parentCode: 'cg',
    keywords: ['道路破损', '坑洼', '路面塌陷', '大坑', '路坏了', '人行道破损', '积水'],
    departmentCode: 'zjj',
  },
  {
    code: 'cg.streetlight',
    name: '路灯故障',
    parentCode: 'cg',
    keywords: ['路灯', '路灯不亮', '路灯坏了', '黑灯', '照明', '灯杆', '晚上太黑'],
    departmentCode: 'cgj',
  },
  {
    code: 'cg.manhole',
    name: '井盖缺失破损',
    parentCode: 'cg',
    keywords: ['井盖', '井盖丢了', '井盖破损', '窨井', '下水井', '井盖松动', '掉井'],
    departmentCode: 'cgj',
  },
  {
    code: 'cg.garbage',
    name: '街面垃圾清运',
    parentCode: 'cg',
    keywords: ['垃圾', '垃圾箱', '垃圾满了', '没清运', '环卫', '垃圾桶', '清扫'],
    departmentCode: 'cgj',
  },

  // 住房建设
  {
    code: 'zj.property.dispute',
    name: '物业纠纷',
    parentCode: 'zj',
    keywords: ['物业', '物业费', '物业不作为', '业主委员会', '停车费', '装修扰民', '物业服务'],
    departmentCode: 'zjj',
    districtUnits: { ...DISTRICT_GOVERNMENTS },
  },
  {
    code: 'zj.housing.quality',
    name: '房屋质量',
    parentCode: 'zj',
    keywords: ['房屋质量', '漏水', '墙体开裂', '裂缝', '渗水', '外墙脱落', '维修基金'],
    departmentCode: 'zjj',
  },
  {
    code: 'zj.housing.delivery',
    name: '商品房交付',
    parentCode: 'zj',
    keywords: ['交房', '延期交房', '烂尾楼', '开发商', '购房', '房产证', '办证难'],
    departmentCode: 'zjj',
  },
  {
    code: 'zj.realestate.registration',
    name: '不动产登记',
    parentCode: 'zj',
    keywords: ['不动产登记', '不动产证', '房本', '过户', '产权登记', '抵押登记', '办证'],
    departmentCode: 'zrzyj',
  },
  {
    code: 'zj.elevator',
    name: '电梯故障',
    parentCode: 'zj',
    keywords: ['电梯', '电梯故障', '电梯停运', '困电梯', '电梯维保', '电梯异响'],
    departmentCode: 'scjgj',
  },

  // 生态环境
  {
    code: 'hj.air',
    name: '大气污染',
    parentCode: 'hj',
    keywords: ['空气污染', '烟尘', '冒黑烟', '焚烧', '烧垃圾', '异味', '扬尘', '油烟'],
    departmentCode: 'hbj',
  },
  {
    code: 'hj.water',
    name: '水污染',
    parentCode: 'hj',
    keywords: ['水污染', '排污', '污水', '偷排', '河水变黑', '死鱼', '排污口'],
    departmentCode: 'hbj',
  },
  {
    code: 'hj.noise.industrial',
    name: '工业企业噪音',
    parentCode: 'hj',
    keywords: ['工厂噪音', '机器噪音', '企业噪音', '轰鸣', '风机', '扰民'],
    departmentCode: 'hbj',
  },

  // 社会保障
  {
    code: 'sb.wage_arrears',
    name: '拖欠工资',
    parentCode: 'sb',
    keywords: ['欠薪', '拖欠工资', '不发工资', '讨薪', '农民工工资', '工钱', '包工头'],
    departmentCode: 'rsj',
  },
  {
    code: 'sb.social_insurance',
    name: '社保缴费与查询',
    parentCode: 'sb',
    keywords: ['社保', '社保缴费', '断缴', '社保卡', '补缴', '参保', '五险'],
    departmentCode: 'rsj',
  },
  {
    code: 'sb.pension',
    name: '养老保险待遇',
    parentCode: 'sb',
    keywords: ['养老金', '退休金', '养老保险', '退休手续', '待遇认证', '退休工资'],
    departmentCode: 'rsj',
  },
  {
    code: 'sb.medical_reimbursement',
    name: '医保报销',
    parentCode: 'sb',
    keywords: ['医保', '医保报销', '异地就医', '报销比例', '医保卡', '门诊报销', '住院报销'],
    departmentCode: 'ybj',
  },
  {
    code: 'sb.dibao',
    name: '低保',
    parentCode: 'sb',
    keywords: ['低保', '最低生活保障', '低保申请', '困难补助', '特困', '救助'],
    departmentCode: 'mzj',
  },
  {
    code: 'sb.elderly',
    name: '养老服务',
    parentCode: 'sb',
    keywords: ['养老', '养老院', '高龄补贴', '老年人', '居家养老', '敬老院'],
    departmentCode: 'mzj',
  },

  // 市场监管
  {
    code: 'sj.food_safety',
    name: '食品安全',
    parentCode: 'sj',
    keywords: ['食品安全', '过期食品', '吃坏肚子', '食物中毒', '饭店卫生', '变质', '异物'],
    departmentCode: 'scjgj',
  },
  {
    code: 'sj.price_fraud',
    name: '价格欺诈',
    parentCode: 'sj',
    keywords: ['价格欺诈', '乱收费', '宰客', '明码标价', '缺斤少两', '高价', '价格'],
    departmentCode: 'scjgj',
  },
  {
    code: 'sj.consumer',
    name: '消费维权',
    parentCode: 'sj',
    keywords: ['消费纠纷', '退货', '退款', '假货', '预付卡', '售后', '质量问题'],
    departmentCode: 'scjgj',
  },

  // 交通出行
  {
    code: 'jt.bus',
    name: '公交服务',
    parentCode: 'jt',
    keywords: ['公交', '公交车', '公交站', '班次', '拒载', '司机态度', '线路'],
    departmentCode: 'jtysj',
  },
  {
    code: 'jt.taxi',
    name: '出租车',
    parentCode: 'jt',
    keywords: ['出租车', '打车', '拒载', '绕路', '不打表', '网约车', '议价'],
    departmentCode: 'jtysj',
  },
  {
    code: 'jt.illegal_parking',
    name: '违章停车',
    parentCode: 'jt',
    keywords: ['违章停车', '乱停车', '堵路', '占用消防通道', '违停', '停车'],
    departmentCode: 'gaj',
  },
  {
    code: 'jt.traffic_signal',
    name: '交通信号灯故障',
    parentCode: 'jt',
    keywords: ['红绿灯', '信号灯', '红绿灯坏了', '信号灯不亮', '交通灯', '配时'],
    departmentCode: 'gaj',
  },

  // 教育卫生
  {
    code: 'jw.school_fee',
    name: '学校收费',
    parentCode: 'jw',
    keywords: ['学校收费', '乱收费', '补课费', '资料费', '校服', '教辅', '学费'],
    departmentCode: 'jyj',
  },
  {
    code: 'jw.enrollment',
    name: '入学招生',
    parentCode: 'jw',
    keywords: ['入学', '招生', '学区', '学位', '转学', '划片', '幼儿园'],
    departmentCode: 'jyj',
  },
  {
    code: 'jw.medical_service',
    name: '医疗服务',
    parentCode: 'jw',
    keywords: ['医院', '看病', '医生态度', '医疗纠纷', '挂号', '医疗事故', '医德'],
    departmentCode: 'wjw',
  },

  // 公共事业（水电气暖）
  {
    code: 'gy.water.outage',
    name: '停水',
    parentCode: 'gy',
    keywords: ['停水', '没水', '供水', '水管爆裂', '跑水', '自来水', '什么时候来水'],
    departmentCode: 'gongshui',
  },
  {
    code: 'gy.water.quality',
    name: '水质水压',
    parentCode: 'gy',
    keywords: ['水质', '水发黄', '水浑浊', '水压低', '水小', '自来水有味', '水费'],
    departmentCode: 'gongshui',
  },
  {
    code: 'gy.heating',
    name: '供热',
    parentCode: 'gy',
    keywords: ['暖气不热', '供暖', '暖气', '室温低', '暖气漏水', '取暖费', '供热'],
    departmentCode: 'gongre',
  },
  {
    code: 'gy.power',
    name: '停电',
    parentCode: 'gy',
    keywords: ['停电', '没电', '断电', '电压不稳', '跳闸', '电费', '电线'],
    departmentCode: 'gongdian',
  },
  {
    code: 'gy.gas',
    name: '燃气',
    parentCode: 'gy',
    keywords: ['燃气', '天然气', '漏气', '煤气', '燃气费', '停气', '燃气表'],
    departmentCode: 'ranqi',
  },

  // 治安（110联动）
  {
    code: 'za.move_car',
    name: '挪车',
    parentCode: 'za',
    keywords: ['挪车', '堵车门', '车被堵', '挡路', '联系车主', '移车'],
    departmentCode: 'gaj',
  },
  {
    code: 'za.unlock',
    name: '开锁',
    parentCode: 'za',
    keywords: ['开锁', '锁门', '钥匙丢了', '进不了门', '门锁', '反锁'],
    departmentCode: 'gaj',
  },

  // 农牧水利
  {
    code: 'nm.subsidy',
    name: '农牧补贴',
    parentCode: 'nm',
    keywords: ['补贴', '种粮补贴', '草原补奖', '农机补贴', '惠农', '耕地地力补贴', '补贴没发'],
    departmentCode: 'nmj',
  },
  {
    code: 'nm.river',
    name: '河道水利',
    parentCode: 'nm',
    keywords: ['河道', '河道垃圾', '排干', '渠道', '堤坝', '防汛', '水利'],
    departmentCode: 'swj',
  },
  {
    code: 'nm.irrigation',
    name: '农田灌溉',
    parentCode: 'nm',
    keywords: ['浇地', '灌溉', '水费', '放水', '渠道', '黄河水', '灌区'],
    departmentCode: 'swj',
  },
];

// ---------------------------------------------------------------------------
// Working calendar: official holidays and make-up working days (调休).
// 2026 follows the published State Council notice.
// 2027 is PROVISIONAL (traditional pattern around the real festival dates);
// admins edit it in the calendar table once the official notice is out.
// ---------------------------------------------------------------------------
export const CALENDAR: SeedCalendarDay[] = [
  // ---- 2026 ----
  { date: '2026-01-01', kind: 'holiday', name: '元旦' },
  { date: '2026-01-02', kind: 'holiday', name: '元旦' },
  { date: '2026-01-03', kind: 'holiday', name: '元旦' },
  { date: '2026-01-04', kind: 'workday', name: '元旦调休上班' },
  { date: '2026-02-14', kind: 'workday', name: '春节调休上班' },
  { date: '2026-02-15', kind: 'holiday', name: '春节' },
  { date: '2026-02-16', kind: 'holiday', name: '春节' },
  { date: '2026-02-17', kind: 'holiday', name: '春节' },
  { date: '2026-02-18', kind: 'holiday', name: '春节' },
  { date: '2026-02-19', kind: 'holiday', name: '春节' },
  { date: '2026-02-20', kind: 'holiday', name: '春节' },
  { date: '2026-02-21', kind: 'holiday', name: '春节' },
  { date: '2026-02-22', kind: 'holiday', name: '春节' },
  { date: '2026-02-23', kind: 'holiday', name: '春节' },
  { date: '2026-02-28', kind: 'workday', name: '春节调休上班' },
  { date: '2026-04-04', kind: 'holiday', name: '清明节' },
  { date: '2026-04-05', kind: 'holiday', name: '清明节' },
  { date: '2026-04-06', kind: 'holiday', name: '清明节' },
  { date: '2026-05-01', kind: 'holiday', name: '劳动节' },
  { date: '2026-05-02', kind: 'holiday', name: '劳动节' },
  { date: '2026-05-03', kind: 'holiday', name: '劳动节' },
  { date: '2026-05-04', kind: 'holiday', name: '劳动节' },
  { date: '2026-05-05', kind: 'holiday', name: '劳动节' },
  { date: '2026-05-09', kind: 'workday', name: '劳动节调休上班' },
  { date: '2026-06-19', kind: 'holiday', name: '端午节' },
  { date: '2026-06-20', kind: 'holiday', name: '端午节' },
  { date: '2026-06-21', kind: 'holiday', name: '端午节' },
  { date: '2026-09-20', kind: 'workday', name: '国庆节调休上班' },
  { date: '2026-09-25', kind: 'holiday', name: '中秋节' },
  { date: '2026-09-26', kind: 'holiday', name: '中秋节' },
  { date: '2026-09-27', kind: 'holiday', name: '中秋节' },
  { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
  { date: '2026-10-02', kind: 'holiday', name: '国庆节' },
  { date: '2026-10-03', kind: 'holiday', name: '国庆节' },
  { date: '2026-10-04', kind: 'holiday', name: '国庆节' },
  { date: '2026-10-05', kind: 'holiday', name: '国庆节' },
  { date: '2026-10-06', kind: 'holiday', name: '国庆节' },
  { date: '2026-10-07', kind: 'holiday', name: '国庆节' },
  { date: '2026-10-10', kind: 'workday', name: '国庆节调休上班' },

  // ---- 2027 (provisional — edit in the calendar table when the official notice is published) ----
  { date: '2027-01-01', kind: 'holiday', name: '元旦' }, // Fri
  { date: '2027-01-02', kind: 'holiday', name: '元旦' },
  { date: '2027-01-03', kind: 'holiday', name: '元旦' },
  { date: '2027-01-31', kind: 'workday', name: '春节调休上班' }, // Sun
  { date: '2027-02-05', kind: 'holiday', name: '春节' }, // 除夕, Fri
  { date: '2027-02-06', kind: 'holiday', name: '春节' }, // 正月初一
  { date: '2027-02-07', kind: 'holiday', name: '春节' },
  { date: '2027-02-08', kind: 'holiday', name: '春节' },
  { date: '2027-02-09', kind: 'holiday', name: '春节' },
  { date: '2027-02-10', kind: 'holiday', name: '春节' },
  { date: '2027-02-11', kind: 'holiday', name: '春节' },
  { date: '2027-02-12', kind: 'holiday', name: '春节' },
  { date: '2027-02-13', kind: 'holiday', name: '春节' },
  { date: '2027-02-20', kind: 'workday', name: '春节调休上班' }, // Sat
  { date: '2027-04-03', kind: 'holiday', name: '清明节' },
  { date: '2027-04-04', kind: 'holiday', name: '清明节' },
  { date: '2027-04-05', kind: 'holiday', name: '清明节' }, // 清明, Mon
  { date: '2027-05-01', kind: 'holiday', name: '劳动节' }, // Sat
  { date: '2027-05-02', kind: 'holiday', name: '劳动节' },
  { date: '2027-05-03', kind: 'holiday', name: '劳动节' },
  { date: '2027-05-04', kind: 'holiday', name: '劳动节' },
  { date: '2027-05-05', kind: 'holiday', name: '劳动节' },
  { date: '2027-05-08', kind: 'workday', name: '劳动节调休上班' }, // Sat
  { date: '2027-06-09', kind: 'holiday', name: '端午节' }, // Wed, single day
  { date: '2027-09-15', kind: 'holiday', name: '中秋节' }, // Wed, single day
  { date: '2027-09-26', kind: 'workday', name: '国庆节调休上班' }, // Sun
  { date: '2027-10-01', kind: 'holiday', name: '国庆节' }, // Fri
  { date: '2027-10-02', kind: 'holiday', name: '国庆节' },
  { date: '2027-10-03', kind: 'holiday', name: '国庆节' },
  { date: '2027-10-04', kind: 'holiday', name: '国庆节' },
  { date: '2027-10-05', kind: 'holiday', name: '国庆节' },
  { date: '2027-10-06', kind: 'holiday', name: '国庆节' },
  { date: '2027-10-07', kind: 'holiday', name: '国庆节' },
  { date: '2027-10-09', kind: 'workday', name: '国庆节调休上班' }, // Sat
];

// ---------------------------------------------------------------------------
// Demo logins.
// ---------------------------------------------------------------------------
export const USERS: SeedUser[] = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', departmentCode: null, languageSkills: ['zh'] },
  { username: 'zhiban', displayName: '值班长', role: 'supervisor', departmentCode: 'centre', languageSkills: ['zh'] },
  { username: 'paidan', displayName: '派单员', role: 'dispatcher', departmentCode: 'centre', languageSkills: ['zh'] },
  { username: 'agent01', displayName: '话务员 王芳', role: 'agent', departmentCode: 'centre', languageSkills: ['zh'] },
  { username: 'agent_mn', displayName: '话务员 巴特尔', role: 'agent', departmentCode: 'centre', languageSkills: ['mn', 'zh'] },
  { username: 'zjj01', displayName: '住建局 承办人', role: 'department', departmentCode: 'zjj', languageSkills: ['zh'] },
  { username: 'cgj01', displayName: '城管局 承办人', role: 'department', departmentCode: 'cgj', languageSkills: ['zh'] },
  { username: 'gaj01', displayName: '公安局 承办人', role: 'department', departmentCode: 'gaj', languageSkills: ['zh'] },
  { username: 'gongshui01', displayName: '供水公司 承办人', role: 'department', departmentCode: 'gongshui', languageSkills: ['zh'] },
  { username: 'linhe01', displayName: '临河区政府 承办人', role: 'department', departmentCode: 'linhe', languageSkills: ['zh'] },
  { username: 'linhe_chezhan01', displayName: '车站街道 承办人', role: 'department', departmentCode: 'linhe_chezhan', languageSkills: ['zh'] },
  { username: 'wuyuan01', displayName: '五原县政府 承办人', role: 'department', departmentCode: 'wuyuan', languageSkills: ['zh'] },
  { username: 'rsj01', displayName: '人社局 承办人', role: 'department', departmentCode: 'rsj', languageSkills: ['zh'] },
  { username: 'hbj01', displayName: '生态环境局 承办人', role: 'department', departmentCode: 'hbj', languageSkills: ['zh'] },
];
