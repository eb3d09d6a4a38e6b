// A seeded generator of labelled citizen requests for the router (bench/routing and tests).
//
// Assumptions (what the corpus is and is not):
// - Truth is the demo catalogue (libs/database/src/seed/demo-data.ts): every item is about exactly
//   one leaf; its unit is the leaf's departmentCode, or for 属地 leaves (districtUnits) the
//   government of the district where it happened. Leaves are drawn uniformly (real traffic is
//   skewed towards noise, heating and water; that does not change which text goes where).
// - Text = a phrasing family (12345 record style, colloquial speech, question, angry short text,
//   agent summary, …) filled with one of 5 hand-written scenes per leaf (colloquial descriptions,
//   some without any catalogue keyword), sometimes a clause naming one of the leaf's keywords,
//   details (duration, impact, repeats), generic noise sentences and a closing demand. About 4 %
//   of items also mention another matter that was "already solved" (a confuser), as callers do.
// - Typos: homophone / near-form character swaps (噪→燥, 垃→拉, 暖→缓, …) from a fixed table, each
//   eligible character swapped with probability `typoRate` (default 0.03: about one item in six
//   carries at least one typo).
// - Addresses: district, street office / town (from the demo departments), road, residential
//   compound (小区) and building. 85 % of items carry a districtCode; the others have none, and
//   then the text itself names the district or one of its street offices / towns (full names, as
//   an agent would type them), so a 属地 matter can still be resolved from the text.
// - What it cannot show: real callers' vocabulary beyond these scenes, matters outside the
//   catalogue, genuinely ambiguous orders (two units both responsible), Mongolian originals, and
//   drift over time. Train and held-out items share the scene pool (different combinations,
//   phrasings, typos, addresses); bench/routing also reports a split by phrasing family.
import { DEPARTMENTS, DISTRICTS, MATTERS } from '@hotline/database';

export interface RoutingCorpusItem {
  id: number;
  title: string;
  content: string;
  address: string;
  districtCode: string | null;
  /** The truth: the catalogue leaf this request is about. */
  matterCode: string;
  /** The responsible unit's code (for 属地 leaves the district government's code). */
  expectedDepartmentCode: string;
  language: 'zh';
  /** Which phrasing family produced the text (0 … PHRASINGS - 1). */
  phrasing: number;
  /** Which of the leaf's scenes the text describes (0 … SCENES_PER_LEAF - 1). */
  scene: number;
  /** Number of characters swapped for a typo. */
  typos: number;
}

export interface RoutingCorpusOptions {
  size: number;
  seed?: number;
  /** Probability that an eligible character is swapped for a homophone / near form (default 0.03). */
  typoRate?: number;
  /** Share of items with no districtCode (default 0.15). */
  noDistrictShare?: number;
}

export interface RoutingLeaf {
  code: string;
  name: string;
  keywords: string[];
  departmentCode: string;
  /** 属地管理: districtCode → unit code. */
  districtUnits?: Record<string, string>;
}

export interface RoutingPlace {
  districtCode: string;
  districtName: string;
  /** The district government's unit code. */
  governmentCode: string;
  /** Street offices / towns of the district (街道 / 镇 / 苏木). */
  streets: string[];
}

/** The demo catalogue's leaves (those naming a responsible unit). */
export function routingLeaves(): RoutingLeaf[] {
  return MATTERS.filter((m) => m.parentCode && m.departmentCode).map((m) => ({
    code: m.code,
    name: m.name,
    keywords: [...m.keywords],
    departmentCode: m.departmentCode!,
    ...(m.districtUnits ? { districtUnits: { ...m.districtUnits } } : {}),
  }));
}

/** Districts of the demo city with their government and street offices / towns. */
export function routingPlaces(): RoutingPlace[] {
  return DISTRICTS.map((d) => {
    const gov = DEPARTMENTS.find((x) => x.kind === 'district' && x.districtCode === d.code)!;
    const streets = DEPARTMENTS.filter((x) => x.kind === 'street' && x.districtCode === d.code).map((x) =>
      x.nameZh.replace(d.nameZh, '').replace(/(办事处|人民政府)$/u, ''),
    );
    return { districtCode: d.code, districtName: d.nameZh, governmentCode: gov.code, streets };
  });
}

export const ROUTING_PHRASINGS = 8;
export const ROUTING_SCENES_PER_LEAF = 5;

// Five colloquial scenes per leaf: what a caller actually says. Some use catalogue keywords, some do not.
const SCENES: Record<string, string[]> = {
  'cg.noise.construction': ['旁边工地半夜还在干活，机器声音大得睡不着', '晚上十点以后还在打桩，咚咚咚一直响', '工地凌晨开始浇筑混凝土，吵得没法休息', '对面楼盘施工天天早上五点就开工', '建筑工地夜间作业噪音扰民'],
  'cg.noise.social': ['楼下广场上每天晚上跳广场舞，音响开得特别大', '小区门口的商铺用高音喇叭循环播放促销', '楼下烧烤店天天晚上有人喝酒吵闹到半夜', '隔壁KTV声音太大到凌晨还在唱', '早上有人在小区里用大喇叭卖东西'],
  'cg.sanitation.community': ['小区里的垃圾堆了好几天没人清理，臭味很大', '我们小区化粪池满了往外冒，味道熏人', '楼道里全是杂物垃圾没人打扫', '小区下水道堵了污水流得到处都是', '小区里脏乱差，苍蝇蚊子特别多'],
  'cg.street_vending': ['路边好多流动摊贩摆摊卖菜，把路都占了', '门口的饭店把桌子摆到人行道上', '夜市摊位占道经营，行人只能走机动车道', '学校门口小商贩很多，堵得走不了', '商户在店外经营，占用人行道堆放货物'],
  'cg.illegal_construction': ['邻居在楼顶私自加盖了一层彩钢房', '一楼住户把绿地圈起来盖了个小房子', '小区里有人私搭乱建违章建筑', '隔壁在院子里违建了一个棚子', '有人占用公共绿地搭建车库'],
  'cg.road.damage': ['路面上有个大坑，好几辆车都颠坏了', '这条路坑坑洼洼，下雨就积水', '路面塌陷了一块，很危险', '人行道的砖都翘起来了，老人差点摔倒', '马路破损严重一直没人修'],
  'cg.streetlight': ['外面那条路的路灯坏了，晚上一片漆黑', '路灯一直不亮，晚上走路很害怕', '有根灯杆被撞歪了随时会倒', '这一段路晚上太黑，照明不行', '路灯白天亮着晚上反而不亮'],
  'cg.manhole': ['路边井盖丢了，一个大窟窿很危险', '井盖破损了，车压过去哐哐响', '人行道上的下水井没盖子，差点有人掉下去', '井盖松动，晚上车过去响个不停', '窨井盖塌了半边'],
  'cg.garbage': ['街边的垃圾箱满了好几天没清运', '路边的垃圾桶都溢出来了，环卫也不来收', '街道上的垃圾没人清扫', '马路边堆了一大堆垃圾没人拉走', '环卫车好几天没来了，垃圾满地'],
  'zj.property.dispute': ['物业乱收停车费，还不给开发票', '物业服务太差，啥也不管还要涨物业费', '楼上装修天天砸墙，物业也不管', '业主委员会成立不了，物业阻挠', '物业把小区公共收益私吞了'],
  'zj.housing.quality': ['新买的房子墙体开裂了，开发商不给修', '屋顶漏水，下雨家里就渗水', '外墙瓷砖脱落，砸到了楼下的车', '卫生间渗水到楼下，维修基金用不了', '房子裂缝越来越大，担心安全'],
  'zj.housing.delivery': ['买的房子到期了开发商一直不交房', '楼盘停工好几年成了烂尾楼', '交房好几年了房产证还办不下来', '开发商延期交房也不给赔偿', '购房合同写的去年交房到现在还没动静'],
  'zj.realestate.registration': ['想问一下不动产登记需要带哪些材料', '二手房过户要去哪里办', '房本上的名字写错了要怎么改', '办抵押登记排了好几天队都没办上', '不动产证办理时间太长了'],
  'zj.elevator': ['小区电梯三天两头坏，今天又把人困在里面了', '电梯运行的时候有异响，晃得厉害', '电梯停运一个月了，老人上下楼很困难', '电梯维保公司根本不来检修', '楼里的电梯突然下坠吓死人了'],
  'hj.air': ['附近有人焚烧垃圾，黑烟呛得人喘不过气', '工厂烟囱天天冒黑烟', '楼下饭店油烟直接往居民楼里排', '搅拌站扬尘特别大，窗户都不敢开', '附近化工厂有刺鼻的异味'],
  'hj.water': ['有工厂往河里偷排污水，河水都变黑了', '排污口直接对着渠里排，水发臭', '河里出现了好多死鱼', '养殖场的粪水直接排到沟里', '村边的水塘被污染了'],
  'hj.noise.industrial': ['附近工厂的风机日夜不停，嗡嗡响', '厂里的机器二十四小时运转，噪音很大', '隔壁加工厂晚上开机器声音扰民', '企业的空压机轰鸣声太大了', '厂区的冷却塔声音特别吵'],
  'sb.wage_arrears': ['老板拖欠了我们三个月的工资一直不发', '在工地干活包工头跑了，工钱拿不到', '公司倒闭了欠我们的工资没人管', '农民工工资被拖欠快半年了', '讨薪讨了好几次都没结果'],
  'sb.social_insurance': ['单位没给我交社保，现在断缴了', '想问一下社保怎么补缴', '社保卡丢了怎么补办', '灵活就业人员怎么参保', '公司不给交五险'],
  'sb.pension': ['退休快两个月了养老金还没到账', '想问一下退休手续怎么办理', '养老保险待遇认证怎么弄', '退休工资算得不对少发了', '今年养老金涨了没有'],
  'sb.medical_reimbursement': ['在外地住院回来医保报销不了', '异地就医备案怎么办理', '门诊看病医保卡刷不了', '住院报销比例太低了', '医保报销材料交了两个月还没结果'],
  'sb.dibao': ['家里困难想申请低保不知道怎么办', '低保被取消了也没人通知', '家里有重病人想申请困难补助', '特困人员救助金没有发', '低保申请交上去半年没消息'],
  'sb.elderly': ['老人八十多了高龄补贴一直没领到', '想给父亲找个养老院', '敬老院条件太差，老人吃不饱', '社区居家养老服务怎么申请', '老年人助餐点关门了'],
  'sj.food_safety': ['在超市买到过期食品', '在饭店吃完饭全家上吐下泻', '外卖里吃出了异物', '饭店后厨卫生太差，老鼠乱跑', '买的肉已经变质发臭了'],
  'sj.price_fraud': ['饭店结账的时候价格和菜单上不一样，宰客', '商店不明码标价，结账时乱收费', '菜市场买菜缺斤少两', '停车场收费高也不公示标准', '景区门口卖东西价格高得离谱'],
  'sj.consumer': ['在商场买的衣服有质量问题商家不给退货', '健身房关门了预付卡里的钱退不了', '网上买到假货商家不给退款', '买的手机坏了售后推来推去', '理发店办的卡老板跑路了'],
  'jt.bus': ['公交车司机态度恶劣还骂人', '等了一个小时公交都不来，班次太少', '公交车到站不停直接开走了', '希望增加一条到新区的公交线路', '公交站牌被撞坏了'],
  'jt.taxi': ['出租车司机不打表要议价', '打车司机故意绕路多收钱', '出租车拒载，说不顺路', '网约车司机中途让我下车', '出租车司机在车上抽烟'],
  'jt.illegal_parking': ['有车长期乱停在小区门口堵路', '消防通道被私家车占了', '路边违停的车太多，公交都过不去', '有人把车停在盲道上', '门口天天有大货车违章停车'],
  'jt.traffic_signal': ['十字路口的红绿灯坏了，车乱成一团', '信号灯一直闪黄灯', '红绿灯配时不合理，绿灯太短', '路口的交通灯不亮了很危险', '这个路口早上红灯时间太长堵车'],
  'jw.school_fee': ['学校强制让学生买教辅资料', '老师在外面开补课班收补课费', '学校乱收费，校服一套要好几百', '学校收资料费也不给收据', '学校学费一下涨了很多'],
  'jw.enrollment': ['孩子明年上小学，想问学区怎么划片', '转学手续怎么办理', '孩子入学没有学位了', '幼儿园招生报不上名', '外地户口孩子怎么上学'],
  'jw.medical_service': ['在医院看病医生态度很差', '医院挂号太难了排了一上午', '怀疑医院出了医疗事故', '医生乱开药，一次开了好几百的药', '孩子在医院打针出了问题医院推卸责任'],
  'gy.water.outage': ['家里停水一整天了也没通知', '什么时候来水啊，做饭都没水', '路边的水管爆裂了，水流了一地', '楼里自来水突然没水了', '小区停水好几天了'],
  'gy.water.quality': ['自来水发黄还有沉淀', '水压太低，楼上根本用不了水', '自来水有股怪味不敢喝', '水费怎么突然这么高', '水龙头出来的水浑浊'],
  'gy.heating': ['暖气不热，屋里才十几度', '家里暖气片漏水', '室温低得穿棉袄都冷', '供暖都一个月了暖气还是凉的', '取暖费交了暖气不热'],
  'gy.power': ['家里突然停电了也没通知', '电压不稳灯一闪一闪的', '小区老是跳闸，冰箱都坏了', '电线耷拉下来很低很危险', '电费多扣了'],
  'gy.gas': ['家里闻到一股煤气味，怀疑漏气', '天然气停气了做不了饭', '燃气表走得特别快', '燃气公司上门安检要收费', '燃气费涨价了没有通知'],
  'za.move_car': ['我的车被别人的车堵住了开不出来，联系不上车主', '有辆车挡在我家车库门口', '车被堵在车位里了，麻烦帮忙挪车', '有车堵住我车门了', '楼下有辆车挡路，要出去上班'],
  'za.unlock': ['钥匙丢了进不了门', '门被反锁了孩子在里面', '家里门锁坏了打不开', '出门忘带钥匙了需要开锁', '老人把自己锁在屋里了'],
  'nm.subsidy': ['今年的种粮补贴还没发下来', '草原补奖资金少发了', '买农机申请的补贴一年了没到账', '耕地地力补贴怎么申请', '惠农补贴被村里扣了'],
  'nm.river': ['河道里全是垃圾没人清理', '排干沟里的水满了快漫出来了', '堤坝上有个口子，担心防汛', '渠道堵了水过不去', '河道里有人私自挖沙'],
  'nm.irrigation': ['马上要浇地了渠里还不放水', '灌区放水时间安排不合理', '浇地的水费收得太高', '黄河水什么时候能放下来', '我们村的地轮不上灌溉'],
};

// Homophones and near forms agents mistype (pinyin IME picks, similar shapes).
const TYPOS: Record<string, string[]> = {
  噪: ['燥', '躁'], 音: ['因'], 施: ['师'], 垃: ['拉'], 圾: ['级'], 暖: ['缓'], 气: ['汽'], 停: ['亭'],
  梯: ['弟'], 物: ['务'], 业: ['叶'], 资: ['姿'], 保: ['报'], 欠: ['歉'], 灯: ['登'], 井: ['景'], 盖: ['概'],
  燃: ['然'], 漏: ['露'], 锁: ['所'], 挪: ['娜'], 违: ['为'], 摊: ['滩'], 污: ['乌'], 烟: ['咽'], 交: ['教'],
  路: ['陆'], 坏: ['怀'], 费: ['废'], 贴: ['帖'], 补: ['捕'], 灌: ['罐'], 渠: ['区'], 河: ['和'], 道: ['到'],
  修: ['休'], 车: ['扯'], 钥: ['要'], 匙: ['是'], 养: ['样'], 老: ['劳'], 退: ['腿'], 休: ['修'], 医: ['衣'],
  院: ['远'], 价: ['架'], 格: ['隔'], 售: ['受'], 票: ['漂'], 租: ['组'], 表: ['婊'], 学: ['雪'], 校: ['效'],
  电: ['点'], 压: ['鸭'], 闸: ['扎'], 热: ['惹'], 水: ['睡'], 坑: ['吭'], 裂: ['列'], 房: ['防'], 证: ['正'],
};

const ROADS = ['胜利路', '新华街', '解放路', '五一街', '团结路', '光明路', '建设路', '朔方路', '利民街', '临狼路', '永济路', '曙光街', '北环路', '环城路'];
const COMPOUNDS = ['阳光花园', '金色家园', '河套名邸', '富丽华庭', '康馨苑', '西城小区', '万泰城', '紫薇苑', '丽景华庭', '水岸佳苑', '锦绣小区', '新华小区', '农机局家属院', '铁路小区'];
const DURATIONS = ['好几天', '一个多星期', '半个月', '一个月', '两三个月', '大半年', '好长时间'];
const NOISE = [
  '我打了好几次电话都没人管',
  '家里有老人和小孩',
  '这个事情已经持续很久了',
  '我是退休职工，身体也不好',
  '麻烦你们快点',
  '之前也反映过没有结果',
  '我不想留名字',
  '要是再不管我就找媒体了',
  '周围邻居都有意见',
  '我也不知道该找谁，所以打了这个电话',
  '我在这住了十几年了',
  '现在天冷了',
];
const DEMANDS = ['希望相关部门尽快处理', '请尽快派人来看看', '要求给个说法', '希望能尽快解决', '请相关部门核实处理', '麻烦给解决一下', '希望有人管一管'];
const QUESTIONS = ['这个归哪个部门管', '应该找谁', '你们能不能帮忙问问', '有没有人管', '怎么办才好'];
const KEYWORD_CLAUSES = ['就是{k}的问题', '属于{k}', '{k}的问题很严重', '反映{k}', '{k}这事没人管', '关于{k}'];
const TITLES = ['{k}', '{name}', '反映{k}问题', '关于{k}的投诉', '{place}{k}', '{name}问题', '市民诉求', '{k}问题求助', '咨询{name}'];
const CONFUSERS = ['上次反映的{k}已经解决了，谢谢', '{k}的事之前已经说过了，这次是另一个事'];

interface Address {
  text: string;
  /** The part of the address a caller says in the text. */
  spoken: string;
  /** A compound or road, for titles. */
  landmark: string;
  districtCode: string;
}

/** Generates `size` labelled requests; the same options always give the same corpus. */
export function generateRoutingCorpus(opts: RoutingCorpusOptions): RoutingCorpusItem[] {
  const rand = mulberry32(opts.seed ?? 12345);
  const typoRate = opts.typoRate ?? 0.03;
  const noDistrictShare = opts.noDistrictShare ?? 0.15;
  const leaves = routingLeaves();
  const places = routingPlaces();
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)];
  const chance = (p: number) => rand() < p;

  const items: RoutingCorpusItem[] = [];
  for (let id = 1; id <= opts.size; id++) {
    const leaf = pick(leaves);
    const scenes = SCENES[leaf.code];
    if (!scenes) throw new Error(`routing corpus: no scenes for ${leaf.code}`);
    const withDistrictCode = !chance(noDistrictShare);
    const place = pick(places);
    const addr = address(place, withDistrictCode, rand);
    const k = pick(leaf.keywords);
    const sceneIndex = Math.floor(rand() * scenes.length);
    const scene = scenes[sceneIndex];
    const kwClause = chance(0.45) ? fill(pick(KEYWORD_CLAUSES), { k }) : '';
    const noise = chance(0.5) ? pick(NOISE) : '';
    const confuser = chance(0.04) ? fill(pick(CONFUSERS), { k: pick(pick(leaves.filter((l) => l.departmentCode !== leaf.departmentCode)).keywords) }) : '';
    const demand = pick(DEMANDS);
    const duration = pick(DURATIONS);
    const phrasing = Math.floor(rand() * ROUTING_PHRASINGS);
    // Without a districtCode the spoken address must name the district (or a street office) in the text.
    const where = withDistrictCode ? addr.spoken : addr.text;
    const parts = ((): string[] => {
      switch (phrasing) {
        case 0:
          return [`市民来电反映：${where}${scene}`, kwClause, `已经${duration}了`, noise, `${demand}。`];
        case 1:
          return [`${where}这边${scene}`, `都${duration}了`, noise, kwClause, `${demand}`];
        case 2:
          return [`你好，我想问一下，我住${where}，${scene}`, kwClause, `${pick(QUESTIONS)}？`];
        case 3:
          return [`我是${where}的居民`, scene, noise, `${demand}！`];
        case 4:
          return [`来电人称其在${where}，${scene}`, kwClause, `持续${duration}`, `诉求：${demand}。`];
        case 5:
          return [`${scene}！！`, where, kwClause, '到底有没有人管'];
        case 6:
          return [`反映${leaf.name}问题：${where}${scene}`, kwClause, noise];
        default:
          return [`${pick(['今天上午', '昨天晚上', '这几天', '最近'])}，${where}${scene}`, `影响很大`, kwClause, noise, `${demand}。`];
      }
    })();
    if (confuser) parts.splice(1, 0, confuser);
    let content = parts.filter(Boolean).join('，').replace(/，([。！？])/gu, '$1').replace(/([。！？])，/gu, '$1');
    let title = fill(pick(TITLES), { k, name: leaf.name, place: addr.landmark });
    let typos = 0;
    [content, typos] = typo(content, typoRate, rand, typos);
    [title, typos] = typo(title, typoRate, rand, typos);
    const expected = leaf.districtUnits ? (leaf.districtUnits[addr.districtCode] ?? leaf.departmentCode) : leaf.departmentCode;
    items.push({
      id,
      title,
      content,
      address: addr.text,
      districtCode: withDistrictCode ? addr.districtCode : null,
      matterCode: leaf.code,
      expectedDepartmentCode: expected,
      language: 'zh',
      phrasing,
      scene: sceneIndex,
      typos,
    });
  }
  return items;
}

function address(place: RoutingPlace, withDistrictCode: boolean, rand: () => number): Address {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)];
  const chance = (p: number) => rand() < p;
  const street = pick(place.streets);
  const compound = pick(COMPOUNDS);
  const building = `${1 + Math.floor(rand() * 12)}`;
  const road = pick(ROADS);
  const forms = [
    `${street}${compound}`,
    `${road}${compound}${building}号楼`,
    `${road}与${pick(ROADS.filter((r) => r !== road))}交叉口`,
    `${street}${road}`,
    /(小区|院)$/u.test(compound) ? `${compound}门口` : `${compound}小区门口`,
  ];
  const spoken = pick(forms);
  // The full address always starts with the district; the spoken one names it only sometimes
  // (always when there is no districtCode).
  const named = !withDistrictCode || chance(0.4);
  const prefix = spoken.startsWith(street) ? place.districtName : `${place.districtName}${chance(0.5) ? street : ''}`;
  return { text: `${prefix}${spoken}`, spoken: named ? `${prefix}${spoken}` : spoken, landmark: chance(0.5) ? compound : road, districtCode: place.districtCode };
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/gu, (_, key: string) => vars[key] ?? '');
}

function typo(text: string, rate: number, rand: () => number, count: number): [string, number] {
  let out = '';
  for (const ch of text) {
    const alts = TYPOS[ch];
    if (alts && rand() < rate) {
      out += alts[Math.floor(rand() * alts.length)];
      count++;
    } else out += ch;
  }
  return [out, count];
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
